package io.github.mlplatform.layers.dl4j;

import io.github.mlplatform.core.model.SameDiffWorkarounds;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's SameDiff layer implementation, except that the first backward pass, which builds the
 * layer's gradient graph, sends SameDiff 1.0.0-M2.1's "Added differentiated op ..." lines (one per
 * op, on {@code System.out}) to the trace log instead of the user's console.
 */
final class QuietSameDiffLayerImpl extends SameDiffLayer {

    QuietSameDiffLayerImpl(NeuralNetConfiguration conf, DataType networkDataType) {
        super(conf, networkDataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (sameDiff != null && sameDiff.getFunction("grad") != null) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        @SuppressWarnings("unchecked")
        Pair<Gradient, INDArray>[] result = new Pair[1];
        SameDiffWorkarounds.withGradientLinesToTrace(() -> result[0] = super.backpropGradient(epsilon, workspaceMgr));
        return result[0];
    }
}
