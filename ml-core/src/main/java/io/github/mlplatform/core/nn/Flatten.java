package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reshapes each example to a vector, row-major, as PyTorch's {@code Flatten()}.
 *
 * <ul>
 *   <li>input: {@code [batch, d1, d2, …]}, any rank;</li>
 *   <li>output: {@code [batch, d1·d2·…]}, e.g. {@code [batch, 16, 5, 5]} → {@code [batch, 400]}.</li>
 * </ul>
 */
public class Flatten extends Module {

    /**
     * One {@code reshape(x, [-1, n])} when the input's shape after the batch dimension is known
     * while building (the model's input placeholder, an {@code Embedding}'s output); otherwise the
     * batch size is read in the graph ({@code shape_of}, {@code slice}, {@code concat}: three more
     * native calls per step, about 8% of a character model's training step).
     */
    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] known = g.knownShape(x);
        if (known != null) {
            return sd.reshape(x, -1, Shape.perExample(known));
        }
        SDVariable batch = sd.slice(sd.shape(x), new int[]{0}, 1);
        SDVariable newShape = sd.concat(0, batch, sd.constant(Nd4j.createFromArray(-1L)));
        return sd.reshape(x, newShape);
    }

    /** {@code [batch, d1·d2·…]} ({@code [batch, 1]} for input {@code [batch]}); takes any input. */
    @Override
    public long[] outputShape(long[] s) {
        return new long[]{s[0], Shape.perExample(s)};
    }

    @Override
    public String describe() {
        return "Flatten()";
    }
}
