package io.github.mlplatform.invariance;

/**
 * Hyper-parameters of the multi-winner-take-all sparse layer ({@link SparseLayer}). Defaults are the
 * final configuration of the "variable xi invariance" seed: 30x30 = 900 neurons on 20x20 = 400
 * pixel frames, {@code n_w = 4} winners, {@code xi = 0.008}, {@code prec = 1e-10}, weights drawn
 * from U(0, 0.2).
 *
 * @param neurons number of sparse neurons N (rows of W)
 * @param inputs  input size M (columns of W), e.g. 400 for 20x20 frames
 * @param winners number n of winners per step ({@code n_w})
 * @param xi      learning constant of the multiplicative update
 * @param eps     floor of the reconstruction in the update's denominator ({@code prec})
 * @param initMax initial weights are drawn uniformly from [0, initMax)
 */
public record MwtaConfig(int neurons, int inputs, int winners, double xi, double eps, double initMax) {

    public MwtaConfig {
        if (neurons < 1) {
            throw new IllegalArgumentException("MwtaConfig.neurons: expected >= 1, got " + neurons);
        }
        if (inputs < 1) {
            throw new IllegalArgumentException("MwtaConfig.inputs: expected >= 1, got " + inputs);
        }
        if (winners < 1 || winners > neurons) {
            throw new IllegalArgumentException("MwtaConfig.winners: expected 1.." + neurons + " (neurons), got " + winners);
        }
        if (!(xi > 0) || !Double.isFinite(xi)) {
            throw new IllegalArgumentException("MwtaConfig.xi: expected a finite number > 0, got " + xi);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("MwtaConfig.eps: expected a finite number > 0, got " + eps);
        }
        if (!(initMax > 0) || !Double.isFinite(initMax)) {
            throw new IllegalArgumentException("MwtaConfig.initMax: expected a finite number > 0, got " + initMax);
        }
    }

    /** The seed's final configuration: 900 neurons, 400 inputs, 4 winners, xi 0.008, eps 1e-10, U(0, 0.2). */
    public static MwtaConfig defaults() {
        return new MwtaConfig(900, 400, 4, 0.008, 1e-10, 0.2);
    }

    public MwtaConfig withNeurons(int n) {
        return new MwtaConfig(n, inputs, winners, xi, eps, initMax);
    }

    public MwtaConfig withInputs(int m) {
        return new MwtaConfig(neurons, m, winners, xi, eps, initMax);
    }

    public MwtaConfig withWinners(int n) {
        return new MwtaConfig(neurons, inputs, n, xi, eps, initMax);
    }

    public MwtaConfig withXi(double x) {
        return new MwtaConfig(neurons, inputs, winners, x, eps, initMax);
    }
}
