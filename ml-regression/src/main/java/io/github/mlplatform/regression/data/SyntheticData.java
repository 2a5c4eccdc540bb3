package io.github.mlplatform.regression.data;

/**
 * The seed's three synthetic data sets, drawn reproducibly from an explicit seed. The two data
 * sets of the seed's scripts are drawn with {@link NumpyRandom}, NumPy's legacy generator, in the
 * scripts' order of calls: {@code np.random.seed(s)} and the seed's code give the same numbers
 * (the PyTorch references rely on it); so is the argmax example, which the seed only tabulates.
 *
 * <ul>
 *   <li>{@link #noisyLine}: a line with Gaussian noise (linear regression);</li>
 *   <li>{@link #noisyBinary}: two 1-D Gaussian classes (logistic regression in 1-D);</li>
 *   <li>{@link #argmaxExample}: three classes separated at −1 and 2 by
 *       {@code argmax(z0 = −x, z1 = 1, z2 = x − 1)} (softmax regression).</li>
 * </ul>
 */
public final class SyntheticData {

    private SyntheticData() {
    }

    /**
     * {@code y = slope·x + intercept + N(0, stdDev²)} at {@code x = linspace(xMin, xMax, n)}: the
     * seed's {@code noisyLineData} after {@code np.random.seed(seed)}
     * ({@code np.random.normal(0, stdDev, N)}), in double precision.
     */
    public static RegressionData noisyLine(NoisyLineConfig c) {
        double[] x = linspace(c.xMin(), c.xMax(), c.n());
        double[] y = new double[c.n()];
        NumpyRandom rng = new NumpyRandom(c.seed());
        for (int i = 0; i < y.length; i++) {
            y[i] = c.slope() * x[i] + c.intercept() + rng.normal(0, c.stdDev());
        }
        return RegressionData.of1d(x, y);
    }

    /**
     * For each point: with probability 1/2 class 0 at {@code N(x0, stdDev²)}, else class 1 at
     * {@code N(x1, stdDev²)}: the seed's {@code NoisyBinaryData} after {@code np.random.seed(seed)}
     * (its script uses seed 0), call for call ({@code rand()}, then {@code normal}).
     */
    public static ClassificationData noisyBinary(NoisyBinaryConfig c) {
        NumpyRandom rng = new NumpyRandom(c.seed());
        double[] x = new double[c.n()];
        int[] y = new int[c.n()];
        for (int i = 0; i < c.n(); i++) {
            if (rng.rand() < 0.5) {
                x[i] = rng.normal(c.x0(), c.stdDev());
                y[i] = 0;
            } else {
                x[i] = rng.normal(c.x1(), c.stdDev());
                y[i] = 1;
            }
        }
        return ClassificationData.of1d(x, y, 2);
    }

    /**
     * Uniform points on {@code [low, high)} labelled by {@link #argmaxClass}:
     * {@code np.random.seed(seed); np.random.uniform(low, high, n)}.
     */
    public static ClassificationData argmaxExample(ArgmaxConfig c) {
        NumpyRandom rng = new NumpyRandom(c.seed());
        double[] x = new double[c.n()];
        int[] y = new int[c.n()];
        for (int i = 0; i < c.n(); i++) {
            x[i] = c.low() + (c.high() - c.low()) * rng.rand();
            y[i] = argmaxClass(x[i]);
        }
        return ClassificationData.of1d(x, y, 3);
    }

    /**
     * The seed's three class functions {@code [z0, z1, z2] = [−x, 1, x − 1]}. (The seed's table
     * lists {@code f(−5) = [10, 1, −6]}; the first entry is {@code −(−5) = 5}. The class is 0 either way.)
     */
    public static double[] argmaxScores(double x) {
        return new double[] {-x, 1, x - 1};
    }

    /** {@code argmax [−x, 1, x − 1]}: 0 for x &lt; −1, 1 for −1 &lt; x &lt; 2, 2 for x &gt; 2 (ties go to the lower class). */
    public static int argmaxClass(double x) {
        double[] z = argmaxScores(x);
        int best = 0;
        for (int k = 1; k < z.length; k++) {
            if (z[k] > z[best]) {
                best = k;
            }
        }
        return best;
    }

    /** {@code n} equally spaced values from {@code a} to {@code b} inclusive (numpy/torch {@code linspace}). */
    public static double[] linspace(double a, double b, int n) {
        if (n < 2) {
            throw new IllegalArgumentException("n: expected at least 2 points for linspace, got " + n);
        }
        double[] x = new double[n];
        double step = (b - a) / (n - 1);
        for (int i = 0; i < n; i++) {
            x[i] = a + i * step;
        }
        x[n - 1] = b;
        return x;
    }
}
