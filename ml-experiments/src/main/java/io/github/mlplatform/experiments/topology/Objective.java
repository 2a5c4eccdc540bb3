package io.github.mlplatform.experiments.topology;

/** What the 784 → 784 linear layer is trained to output ({@code -P objective}). */
public enum Objective {
    /**
     * Each pixel from the <em>other</em> pixels: the weight matrix's diagonal is held at zero
     * (multiplied by a constant 0/1 mask), so the layer is 784 linear regressions of a pixel on
     * its neighbours and every weight says how much one pixel tells about another.
     */
    MASKED,
    /**
     * The seed's objective: reproduce the input ({@code loss = ‖xW − x‖}). Its optimum is the
     * identity on the data's span, so the off-diagonal weights are what training has not yet
     * removed (and the initial values of pixels that are always 0).
     */
    IDENTITY
}
