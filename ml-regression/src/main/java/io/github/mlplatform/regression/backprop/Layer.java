package io.github.mlplatform.regression.backprop;

/**
 * One component of a from-first-principles network (seed 003's {@code Layer}): a map
 * {@code f: Rⁿ → Rᵐ} that remembers its last input, and its backward pass.
 *
 * <p>Contract: {@link #backprop} is called after {@link #forward} with the gradient of the loss at
 * the output of that forward call; it returns the gradient at the input computed with the
 * parameters <em>before</em> the update, then adjusts the parameters by
 * {@code w ← w − alpha·∂E/∂w}. (The seed scaled the output gradient by alpha instead and let each
 * layer subtract what it received; for parameters this is the same update, because every
 * {@code ∂E/∂w} is linear in {@code ∂E/∂y}, but passing alpha on its own keeps the returned value the
 * true {@code ∂E/∂x}, which a gradient check can test.)
 */
public interface Layer {

    /**
     * The output for input {@code x}; remembers {@code x} for {@link #backprop}.
     *
     * @throws IllegalArgumentException if {@code x} has the wrong length for this layer
     */
    double[] forward(double[] x);

    /**
     * Back-propagates {@code dEdy} (length of the last output) and updates the parameters.
     *
     * @param dEdy  gradient of the loss at the output of the last {@link #forward} call
     * @param alpha step size of the parameter update ({@code 0} leaves the parameters unchanged)
     * @return the gradient of the loss at the input of the last {@link #forward} call
     * @throws IllegalStateException if {@link #forward} was never called
     */
    double[] backprop(double[] dEdy, double alpha);

    /**
     * {@code ∂E/∂w} for the last {@link #forward} call and output gradient {@code dEdy}, in the layout
     * of {@link #parameters()}, without changing anything (empty for parameter-free layers). This is
     * what {@link #backprop} subtracts, times alpha.
     */
    default double[] parameterGradient(double[] dEdy) {
        return new double[0];
    }

    /** A deep copy (parameters and remembered input), for checkpoints: the copy learns independently. */
    Layer copy();

    /** The parameters as one flat copy (empty for parameter-free layers); layout documented by each layer. */
    default double[] parameters() {
        return new double[0];
    }

    /**
     * Replaces the parameters from a flat array in the layout of {@link #parameters()}.
     *
     * @throws IllegalArgumentException if the length differs
     */
    default void setParameters(double[] values) {
        if (values.length != 0) {
            throw new IllegalArgumentException(name() + " has no parameters, got " + values.length + " values");
        }
    }

    /** A short name for tables and errors, e.g. {@code affine(2→2)} or {@code map(tanh)}. */
    String name();

    /** Throws if {@code v} is not of length {@code expected}. */
    static void requireLength(double[] v, int expected, String what, String layer) {
        if (v == null || v.length != expected) {
            throw new IllegalArgumentException(layer + ": " + what + " must have length " + expected + ", got "
                    + (v == null ? "null" : String.valueOf(v.length)));
        }
    }
}
