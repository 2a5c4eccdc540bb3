package io.github.mlplatform.experiments.topology;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Linear;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed's network, {@code (linear1): Linear(784 → 784, bias = false)}, optionally with its
 * diagonal held out: for {@link Objective#MASKED} the forward pass is {@code x · (W ⊙ (1 − I))},
 * so output pixel i never sees input pixel i, and the gradient of the diagonal is zero (it keeps
 * its initial value, which never acts). The weight is ml-core's {@link Linear} parameter
 * {@code linear1.weight} ({@code [in, out]}) either way.
 */
public final class PixelPredictor extends Module {

    private final Linear linear;
    private final Objective objective;

    public PixelPredictor(int pixels, Objective objective) {
        this.linear = register("linear1", new Linear(pixels, pixels, false));
        this.objective = objective;
    }

    public Linear linear() {
        return linear;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        if (objective == Objective.IDENTITY) {
            return linear.forward(g, x);
        }
        int n = (int) linear.inFeatures();
        SDVariable offDiagonal = g.sd().constant("linear1_off_diagonal",
                Nd4j.ones(g.dataType(), n, n).subi(Nd4j.eye(n).castTo(g.dataType())));
        return x.mmul(g.param(linear.weight()).mul(offDiagonal));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        return linear.outputShape(inputShape);
    }

    @Override
    public String describe() {
        return "PixelPredictor(" + linear.describe() + (objective == Objective.MASKED ? ", diagonal held at 0" : "") + ")";
    }
}
