package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.random.custom.DistributionUniform;

/**
 * Inverted dropout: while training each element is zeroed with probability {@code p} and the
 * survivors are scaled by 1/(1−p); in evaluation it is the identity. The two behaviours are
 * blended by the graph's training flag: {@code y = x + t·(dropout(x) − x)}.
 *
 * <ul>
 *   <li>input: any shape {@code [batch, …]};</li>
 *   <li>output: the same shape.</li>
 * </ul>
 */
public class Dropout extends Module {

    private final double p;

    /**
     * @param p the probability of zeroing an element while training
     * @throws IllegalArgumentException unless {@code 0 ≤ p < 1}
     */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    public double probability() {
        return p;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        if (p == 0) {
            return x;
        }
        // The mask is drawn with the batch's actual shape (ND4J's dropout ops need a static shape).
        SameDiff sd = g.sd();
        SDVariable u = new DistributionUniform(sd, sd.shape(x), 0.0, 1.0, g.dataType()).outputVariable();
        SDVariable keep = sd.gte(u, p).castTo(g.dataType()).mul(1.0 / (1.0 - p));
        // train: x·keep; eval: x. Blended by the training flag t: x·(1 + t·(keep − 1)).
        return x.mul(keep.sub(1.0).mul(g.trainingFlag()).add(1.0));
    }

    /** The input shape: dropout is element-wise. */
    @Override
    public long[] outputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public String describe() {
        return "Dropout(p=" + p + ")";
    }
}
