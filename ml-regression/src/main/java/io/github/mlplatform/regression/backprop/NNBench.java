package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.regression.data.NumpyRandom;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Seed 003's learning bench: seeded training facts from an ideal function, checkpoint and rollback
 * of the network, learning curves and "learning potential".
 *
 * <p>Training facts: {@code np.random.seed(seed)}, then for each fact {@code v = np.random.randn(2)}
 * and {@code (v, ideal(v))}, drawn with {@link NumpyRandom}, so the facts are bit for bit the seed's
 * for the same seed (the seed's bench used seed 3). Every call starts the generator again, so every
 * curve of a bench sees the same facts in the same order, as in the seed.
 */
public final class NNBench {

    /** The seed's bench seed ({@code self.seed = 3}). */
    public static final long SEED = 3;

    private Network net;
    private final UnaryOperator<double[]> ideal;
    private final long seed;
    private Network checkpoint;

    /**
     * A bench for {@code net} learning {@code ideal} from facts of generator seed {@code seed}.
     *
     * @throws IllegalArgumentException if {@code seed} is outside NumPy's range 0 ≤ seed &lt; 2^32
     */
    public NNBench(Network net, UnaryOperator<double[]> ideal, long seed) {
        if (net == null || ideal == null) {
            throw new IllegalArgumentException("NNBench: network and ideal must not be null");
        }
        new NumpyRandom(seed);
        this.net = net;
        this.ideal = ideal;
        this.seed = seed;
    }

    /** A bench for {@code net} learning one of the seed's tasks. */
    public NNBench(Network net, Task task, long seed) {
        this(net, task::ideal, seed);
    }

    /** The network under test (after {@link #rollback()}, the restored copy). */
    public Network net() {
        return net;
    }

    /** The first {@code n} training facts (the seed's {@code training_data_gen(n)}). */
    public List<Fact> facts(int n) {
        return facts(ideal, seed, n);
    }

    /**
     * {@code n} facts {@code (v, ideal(v))} with {@code v} two standard normal draws of NumPy's legacy
     * generator seeded with {@code seed}.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static List<Fact> facts(UnaryOperator<double[]> ideal, long seed, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("facts: n must be >= 0, got " + n);
        }
        NumpyRandom r = new NumpyRandom(seed);
        List<Fact> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] v = {r.gauss(), r.gauss()};
            out.add(new Fact(v, ideal.apply(v.clone())));
        }
        return out;
    }

    /** Saves a deep copy of the network (the seed's {@code checkpoint_net}). */
    public void checkpoint() {
        checkpoint = net.copy();
    }

    /**
     * Restores the network saved by {@link #checkpoint()} (a fresh copy, so the checkpoint can be
     * restored again).
     *
     * @throws IllegalStateException if there is no checkpoint
     */
    public void rollback() {
        if (checkpoint == null) {
            throw new IllegalStateException("NNBench: rollback without a checkpoint; call checkpoint() first");
        }
        net = checkpoint.copy();
    }

    /**
     * Learns the first {@code n} facts one at a time on the live network and returns each fact's loss
     * before its step: the seed's learning curve ({@code learn(n)}).
     */
    public double[] learn(int n) {
        List<Fact> facts = facts(n);
        double[] losses = new double[n];
        for (int i = 0; i < n; i++) {
            losses[i] = net.learn(facts.get(i));
        }
        return losses;
    }

    /**
     * The learning curve of a copy of the network with step {@code alpha}; the network itself is
     * unchanged (the seed's slider: rollback, set alpha, learn).
     */
    public double[] curve(int n, double alpha) {
        NNBench trial = new NNBench(net.copy().setAlpha(alpha), ideal, seed);
        return trial.learn(n);
    }

    /**
     * The seed's "learning potential": {@code −ln} of the loss of the {@code n}-th fact when a copy
     * of the network learns the first {@code n} facts with step {@code alpha}; the network itself is
     * unchanged. Higher is better; NaN when learning diverged (the seed printed {@code nan} for its
     * squaring network at alpha 0.1). It is one fact's loss, so it is noisy: {@link #heldOutLoss} is
     * the steadier measure.
     */
    public double learningPotential(int n, double alpha) {
        double[] c = curve(n, alpha);
        return c.length == 0 ? Double.NaN : -Math.log(c[c.length - 1]);
    }

    /**
     * The mean loss over {@code facts} of a copy of the network after it learned the first {@code n}
     * training facts with step {@code alpha}; the network itself is unchanged.
     */
    public double heldOutLoss(int n, double alpha, List<Fact> facts) {
        Network trial = net.copy().setAlpha(alpha);
        trial.learn(facts(n));
        return trial.meanLoss(facts);
    }

    /**
     * The seed's "low pass" view of a curve, {@code scipy.ndimage.gaussian_filter(x, sigma)} in one
     * dimension: a Gaussian kernel of standard deviation {@code sigma} truncated at
     * {@code round(4·sigma)} samples, normalised to sum 1, with SciPy's default {@code 'reflect'}
     * boundary ({@code d c b a | a b c d | d c b a}).
     *
     * @throws IllegalArgumentException if {@code sigma} is negative or not finite
     */
    public static double[] lowPass(double[] x, double sigma) {
        if (!(sigma >= 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("lowPass: sigma must be a finite number >= 0, got " + sigma);
        }
        int n = x.length;
        int radius = (int) (4.0 * sigma + 0.5);
        if (n == 0 || radius == 0) {
            return x.clone();
        }
        double[] w = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            w[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += w[k + radius];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = -radius; k <= radius; k++) {
                s += w[k + radius] * x[reflect(i + k, n)];
            }
            out[i] = s;
        }
        return out;
    }

    private static int reflect(int i, int n) {
        int period = 2 * n;
        int j = Math.floorMod(i, period);
        return j < n ? j : period - 1 - j;
    }

    /**
     * The seed's slider for alpha: a position {@code s ∈ [0, 1]} becomes {@code 2^(−1.005/(s + 0.005))}
     * (from about {@code 2⁻²⁰¹} at 0 to 0.4983 at 1).
     */
    public static double sliderAlpha(double s) {
        return Math.pow(2, -1.005 / (s + 0.005));
    }
}
