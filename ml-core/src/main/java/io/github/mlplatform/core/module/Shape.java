package io.github.mlplatform.core.module;

/**
 * Static shapes: what a module makes of an input shape without running anything. Shapes are
 * batch-first with {@code -1} for the batch dimension, e.g. {@code [-1, 1, 28, 28]}.
 *
 * <p>SameDiff 1.0.0-M2.1 knows the shapes of placeholders and variables only (an op's output shape
 * is unknown until the graph runs), and some of its ops do not check their inputs at all:
 * {@code xw_plus_b} with a weight of the wrong height returns uninitialised memory. So every module
 * states its rule in {@link Module#outputShape}, and {@code Model.build} walks the module tree with
 * {@link #outputOf} before anything runs.
 */
public final class Shape {

    private Shape() {
    }

    /**
     * The output shape of {@code m} for {@code inputShape} by its {@link Module#outputShape} rule, or
     * null if it cannot be known without running it. Containers call this for their children, so a
     * mismatch is reported for the innermost module that rejects its input.
     *
     * @throws ShapeMismatchException if {@code m} (or a module inside it) cannot take input of that
     *                                shape; a plain {@link IllegalArgumentException} from
     *                                {@code m.outputShape} is turned into one naming {@code m}
     */
    public static long[] outputOf(Module m, long[] inputShape) {
        long[] out;
        try {
            out = m.outputShape(inputShape.clone());
        } catch (ShapeMismatchException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ShapeMismatchException(m, stripName(m, e.getMessage()));
        }
        return out == null ? null : out.clone();
    }

    /** A module's message without a leading {@code describe()} or class name (the exception adds it). */
    private static String stripName(Module m, String message) {
        if (message == null) {
            return "rejects its input";
        }
        for (String prefix : new String[]{m.describe() + ": ", m.getClass().getSimpleName() + ": "}) {
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }

    /** {@code [batch, d1, d2, …]} as text, with "batch" for a negative first dimension. */
    public static String show(long[] shape) {
        if (shape == null) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(i == 0 && shape[i] < 0 ? "batch" : Long.toString(shape[i]));
        }
        return sb.append(']').toString();
    }

    /** Product of the dimensions after the batch dimension (1 for a shape of rank 1). */
    public static long perExample(long[] shape) {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** {@code [-1, perExample...]}. */
    public static long[] batchOf(long... perExample) {
        long[] s = new long[perExample.length + 1];
        s[0] = -1;
        System.arraycopy(perExample, 0, s, 1, perExample.length);
        return s;
    }
}
