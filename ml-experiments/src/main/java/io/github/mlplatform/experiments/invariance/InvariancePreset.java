package io.github.mlplatform.experiments.invariance;

import io.github.mlplatform.invariance.EmaInvariantConfig;
import io.github.mlplatform.invariance.MwtaConfig;

/**
 * The hand-tuned runs of seed 001 ("variable xi invariance"), in the notebook's order, by name
 * ({@code ml run invariance -P preset=NAME}). Each sets the sparse layer's winners and xi and the
 * invariant layer's EMA alpha, learning rates and renormalisation; the notebook's last run, with 49
 * invariant neurons (7×7, rows renormalised to 18), is {@code -P preset=stable -P neurons=49}.
 * Every run of the notebook used 30×30 sparse neurons on 20×20 frames and 20 epochs of 10,000 steps.
 */
public enum InvariancePreset {
    /** The first run: 6 winners, xi 0.03, alpha 0.5, leta 0.01, seta 0.001, no renormalisation. */
    SIX_WINNERS(6, 0.03, 0.5, 0.01, 0.001, 0),
    /** "I'm going to use fewer winners": 3 winners, leta 0.05, seta 0.005. */
    THREE_WINNERS(3, 0.03, 0.5, 0.05, 0.005, 0),
    /** "raise the number of winners to 4 ... lower seta ... increase leta": leta 0.1, seta 0.001. */
    FOUR_WINNERS(4, 0.03, 0.5, 0.1, 0.001, 0),
    /** "normalize the invariant layer every so often ... decrease the ema alpha": alpha 1/3, xi 0.008, rows of U to sum 9 every 2,000 steps. */
    RENORMALISED(4, 0.008, 2.0 / 6, 0.1, 0.001, 2000),
    /** 1/7/2021, "slightly decrease leta and seta so the learning is more stable": leta 0.05, seta 0.0005 (the default run). */
    STABLE(4, 0.008, 2.0 / 6, 0.05, 0.0005, 2000);

    private final int winners;
    private final double xi;
    private final double alpha;
    private final double leta;
    private final double seta;
    private final int renormEvery;

    InvariancePreset(int winners, double xi, double alpha, double leta, double seta, int renormEvery) {
        this.winners = winners;
        this.xi = xi;
        this.alpha = alpha;
        this.leta = leta;
        this.seta = seta;
        this.renormEvery = renormEvery;
    }

    /** The sparse layer for frames of {@code inputs} pixels: the defaults' sizes with this run's winners and xi. */
    public MwtaConfig sparse(int inputs) {
        MwtaConfig d = MwtaConfig.defaults();
        return new MwtaConfig(d.neurons(), inputs, winners, xi, d.eps(), d.initMax());
    }

    /**
     * The invariant layer of {@code neurons} neurons on {@code inputs} sparse neurons: this run's alpha,
     * leta, seta and renormalisation period, the row sum of {@link EmaInvariantConfig#forNeurons}.
     */
    public EmaInvariantConfig invariant(int neurons, int inputs) {
        EmaInvariantConfig d = EmaInvariantConfig.forNeurons(neurons).withInputs(inputs);
        return new EmaInvariantConfig(d.neurons(), d.inputs(), alpha, leta, seta, d.eps(), d.initMax(), renormEvery, d.renormSum());
    }
}
