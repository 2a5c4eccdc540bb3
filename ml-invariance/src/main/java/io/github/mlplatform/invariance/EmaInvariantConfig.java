package io.github.mlplatform.invariance;

/**
 * Hyper-parameters of the EMA invariant layer with variable learning rate ({@link InvariantLayer}).
 * Defaults are the seed's final configuration: 10x10 = 100 neurons on the 900 sparse outputs,
 * {@code alpha = 2/6}, {@code leta = 0.05} (rate for sparse inputs that are on), {@code seta = 0.0005}
 * (rate for inputs that are off), weights from U(0, 0.1), and every 2000 steps each row of U is
 * rescaled to sum 9 ({@code iw = 9 * (iw / rowsum(iw))}; 18 for the 49-neuron variant).
 *
 * @param neurons     number of invariant neurons K (rows of U)
 * @param inputs      number of sparse neurons N (columns of U)
 * @param alpha       EMA constant: {@code o += alpha * (U x - o)}
 * @param leta        learning rate where the sparse input is on ({@code x > 0})
 * @param seta        learning rate where the sparse input is off
 * @param eps         floor of the reconstruction in the update's denominator
 * @param initMax     initial weights are drawn uniformly from [0, initMax)
 * @param renormEvery rows of U are rescaled when the step index within the epoch is a multiple of
 *                    this (after that step's update, so also at step 0); 0 disables it
 * @param renormSum   the sum each row of U is rescaled to
 */
public record EmaInvariantConfig(int neurons, int inputs, double alpha, double leta, double seta, double eps,
                                 double initMax, int renormEvery, double renormSum) {

    public EmaInvariantConfig {
        if (neurons < 1) {
            throw new IllegalArgumentException("EmaInvariantConfig.neurons: expected >= 1, got " + neurons);
        }
        if (inputs < 1) {
            throw new IllegalArgumentException("EmaInvariantConfig.inputs: expected >= 1, got " + inputs);
        }
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("EmaInvariantConfig.alpha: expected a number in (0, 1], got " + alpha);
        }
        if (!(leta >= 0) || !Double.isFinite(leta)) {
            throw new IllegalArgumentException("EmaInvariantConfig.leta: expected a finite number >= 0, got " + leta);
        }
        if (!(seta >= 0) || !Double.isFinite(seta)) {
            throw new IllegalArgumentException("EmaInvariantConfig.seta: expected a finite number >= 0, got " + seta);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("EmaInvariantConfig.eps: expected a finite number > 0, got " + eps);
        }
        if (!(initMax > 0) || !Double.isFinite(initMax)) {
            throw new IllegalArgumentException("EmaInvariantConfig.initMax: expected a finite number > 0, got " + initMax);
        }
        if (renormEvery < 0) {
            throw new IllegalArgumentException("EmaInvariantConfig.renormEvery: expected >= 0 (0 = never), got " + renormEvery);
        }
        if (!(renormSum > 0) || !Double.isFinite(renormSum)) {
            throw new IllegalArgumentException("EmaInvariantConfig.renormSum: expected a finite number > 0, got " + renormSum);
        }
    }

    /** The seed's final configuration: 100 neurons on 900 inputs, alpha 1/3, leta 0.05, seta 0.0005, rows to sum 9 every 2000 steps. */
    public static EmaInvariantConfig defaults() {
        return new EmaInvariantConfig(100, 900, 2.0 / 6.0, 0.05, 0.0005, 1e-10, 0.1, 2000, 9.0);
    }

    /** The seed's 7x7 variant: 49 invariant neurons whose rows are rescaled to sum 18. */
    public static EmaInvariantConfig neurons49() {
        return defaults().withNeurons(49).withRenormSum(18.0);
    }

    /**
     * The defaults for {@code neurons} invariant neurons: the seed's row sum 9 for 100 neurons and 18
     * for 49, i.e. {@code 900 / neurons} rounded (900 = the sparse layer's size, so that the total
     * weight mass stays 900).
     */
    public static EmaInvariantConfig forNeurons(int neurons) {
        if (neurons == 100) {
            return defaults();
        }
        if (neurons == 49) {
            return neurons49();
        }
        if (neurons < 1) {
            throw new IllegalArgumentException("invariant neurons: expected >= 1, got " + neurons);
        }
        return defaults().withNeurons(neurons).withRenormSum(Math.max(1, Math.round(900.0 / neurons)));
    }

    public EmaInvariantConfig withNeurons(int k) {
        return new EmaInvariantConfig(k, inputs, alpha, leta, seta, eps, initMax, renormEvery, renormSum);
    }

    public EmaInvariantConfig withInputs(int n) {
        return new EmaInvariantConfig(neurons, n, alpha, leta, seta, eps, initMax, renormEvery, renormSum);
    }

    public EmaInvariantConfig withRenormEvery(int every) {
        return new EmaInvariantConfig(neurons, inputs, alpha, leta, seta, eps, initMax, every, renormSum);
    }

    public EmaInvariantConfig withRenormSum(double sum) {
        return new EmaInvariantConfig(neurons, inputs, alpha, leta, seta, eps, initMax, renormEvery, sum);
    }

    public EmaInvariantConfig withRates(double newLeta, double newSeta) {
        return new EmaInvariantConfig(neurons, inputs, alpha, newLeta, newSeta, eps, initMax, renormEvery, renormSum);
    }
}
