package io.github.mlplatform.invariance;

/**
 * Slowness of a multichannel signal, accumulated in one pass: each channel is standardised over
 * time to unit variance, then the squared temporal differences are averaged over channels and time:
 * <pre>
 *   slowness = mean over channels d of  [ (1 / (T - 1)) sum_{t=1}^{T-1} (y_t[d] - y_{t-1}[d])^2 ] / var(y[d])
 * </pre>
 * with {@code var} the population variance over the T samples. Constant channels (variance 0, e.g.
 * sparse neurons that never fire) are left out. White noise gives 2, a sign-alternating signal 4, a
 * slowly varying one close to 0: lower is slower (more invariant). Used to compare the invariant
 * layer's output o with the sparse layer's output x on the same frames.
 */
public final class Slowness {

    private final int channels;
    private final double[] sum;
    private final double[] sumSq;
    private final double[] diffSq;
    private final double[] prev;
    private long samples;

    public Slowness(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("Slowness.channels: expected >= 1, got " + channels);
        }
        this.channels = channels;
        this.sum = new double[channels];
        this.sumSq = new double[channels];
        this.diffSq = new double[channels];
        this.prev = new double[channels];
    }

    /** Adds the next sample (length = channels). */
    public void add(double[] y) {
        if (y.length != channels) {
            throw new IllegalArgumentException("Slowness.add: sample of length " + y.length + ", expected " + channels);
        }
        for (int d = 0; d < channels; d++) {
            double v = y[d];
            sum[d] += v;
            sumSq[d] += v * v;
            if (samples > 0) {
                double dv = v - prev[d];
                diffSq[d] += dv * dv;
            }
            prev[d] = v;
        }
        samples++;
    }

    /** Adds a sparse layer output (its dense x). */
    public void add(SparseCode x) {
        add(x.toDenseDouble());
    }

    /** Number of samples added. */
    public long samples() {
        return samples;
    }

    /** Number of channels with non-zero variance (the ones averaged). */
    public int activeChannels() {
        int n = 0;
        for (int d = 0; d < channels; d++) {
            if (variance(d) > 0) {
                n++;
            }
        }
        return n;
    }

    private double variance(int d) {
        double mean = sum[d] / samples;
        double var = sumSq[d] / samples - mean * mean;
        // guard against cancellation: relative to the second moment
        return var > 1e-12 * (sumSq[d] / samples) ? var : 0;
    }

    /** The slowness; NaN when fewer than 2 samples or no channel varies. */
    public double value() {
        if (samples < 2) {
            return Double.NaN;
        }
        double total = 0;
        int n = 0;
        for (int d = 0; d < channels; d++) {
            double var = variance(d);
            if (var > 0) {
                total += diffSq[d] / (samples - 1) / var;
                n++;
            }
        }
        return n == 0 ? Double.NaN : total / n;
    }

    /** Slowness of a whole series {@code y[t][d]}. */
    public static double of(double[][] y) {
        if (y.length == 0) {
            return Double.NaN;
        }
        Slowness s = new Slowness(y[0].length);
        for (double[] row : y) {
            s.add(row);
        }
        return s.value();
    }
}
