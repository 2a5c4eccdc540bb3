package io.github.mlplatform.experiments.bigram;

/** How the full batch of {@code ml run bigram}'s linear layer is presented. */
public enum BatchMode {
    /** One one-hot row per (previous, next) pair: 228,146 rows, as makemore does it. */
    PAIRS,
    /**
     * The 27 distinct one-hot rows, each with its row of pair counts as label weights
     * ({@code 27·N[i][j] / n}): the same mean negative log-likelihood and the same gradient (identical
     * inputs grouped), about 8,000 times fewer rows.
     */
    GROUPED
}
