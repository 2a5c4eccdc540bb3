package io.github.mlplatform.invariance;

import java.util.Arrays;

/**
 * The sparse layer's output of one step, stored sparsely: the n winners (best first), their
 * activations {@code s = p = W v} and their outputs {@code x = s / rowsum(W)} (with the row sums of
 * the already-updated W). Every other sparse neuron's output is 0. Reused from step to step (no
 * allocation per step); copy it with {@link #copy()} to keep it.
 */
public final class SparseCode {

    private final int size;
    private final int[] index;
    private final double[] activation;
    private final double[] output;
    private int count;

    /**
     * @param size     number of sparse neurons N (length of the dense output)
     * @param capacity number of winners n
     */
    public SparseCode(int size, int capacity) {
        this.size = size;
        this.index = new int[capacity];
        this.activation = new double[capacity];
        this.output = new double[capacity];
    }

    /** Number of sparse neurons (length of the dense vector this code stands for). */
    public int size() {
        return size;
    }

    /** Number of winners stored. */
    public int count() {
        return count;
    }

    /** Index of the {@code t}-th winner (t = 0 is the largest activation). */
    public int index(int t) {
        return index[t];
    }

    /** Activation {@code s = p} of the {@code t}-th winner. */
    public double activation(int t) {
        return activation[t];
    }

    /** Output {@code x = s / rowsum(W)} of the {@code t}-th winner. */
    public double output(int t) {
        return output[t];
    }

    /** Sets the {@code t}-th entry; used by layer implementations. */
    public void set(int t, int neuron, double s, double x) {
        index[t] = neuron;
        activation[t] = s;
        output[t] = x;
    }

    /** Sets the number of entries; used by layer implementations. */
    public void setCount(int n) {
        if (n < 0 || n > index.length) {
            throw new IllegalArgumentException("SparseCode.count: expected 0.." + index.length + ", got " + n);
        }
        count = n;
    }

    /** The winners' indices, best first (a copy). */
    public int[] indices() {
        return Arrays.copyOf(index, count);
    }

    /** Writes the dense output x (length {@link #size()}) into {@code out} and returns it. */
    public float[] toDense(float[] out) {
        if (out.length != size) {
            throw new IllegalArgumentException("SparseCode.toDense: out has length " + out.length + ", expected " + size);
        }
        Arrays.fill(out, 0f);
        for (int t = 0; t < count; t++) {
            out[index[t]] = (float) output[t];
        }
        return out;
    }

    /** Writes the dense output x into a new double array. */
    public double[] toDenseDouble() {
        double[] out = new double[size];
        for (int t = 0; t < count; t++) {
            out[index[t]] = output[t];
        }
        return out;
    }

    /** A copy that later steps do not change. */
    public SparseCode copy() {
        SparseCode c = new SparseCode(size, index.length);
        System.arraycopy(index, 0, c.index, 0, count);
        System.arraycopy(activation, 0, c.activation, 0, count);
        System.arraycopy(output, 0, c.output, 0, count);
        c.count = count;
        return c;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("SparseCode[");
        for (int t = 0; t < count; t++) {
            b.append(t == 0 ? "" : ", ").append(index[t]).append('=').append(output[t]);
        }
        return b.append(']').toString();
    }
}
