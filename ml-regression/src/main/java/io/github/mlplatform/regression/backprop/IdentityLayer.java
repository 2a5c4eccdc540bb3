package io.github.mlplatform.regression.backprop;

/** {@code y = x}, {@code ∂E/∂x = ∂E/∂y} (seed 003's {@code IdentityLayer}): nothing to learn. */
public final class IdentityLayer implements Layer {

    private int lastLength = -1;

    @Override
    public double[] forward(double[] x) {
        if (x == null) {
            throw new IllegalArgumentException("identity: input must not be null");
        }
        lastLength = x.length;
        return x.clone();
    }

    @Override
    public double[] backprop(double[] dEdy, double alpha) {
        if (lastLength < 0) {
            throw new IllegalStateException("identity: backprop before forward");
        }
        Layer.requireLength(dEdy, lastLength, "dE/dy", name());
        return dEdy.clone();
    }

    @Override
    public Layer copy() {
        IdentityLayer c = new IdentityLayer();
        c.lastLength = lastLength;
        return c;
    }

    @Override
    public String name() {
        return "identity";
    }
}
