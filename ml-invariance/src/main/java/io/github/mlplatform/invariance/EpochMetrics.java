package io.github.mlplatform.invariance;

/**
 * What {@link InvarianceTrainer} measures per epoch, all from the training steps themselves (no
 * extra pass over the frames).
 *
 * @param epoch                 1-based epoch number
 * @param steps                 learning steps in the epoch
 * @param seconds               wall time of the epoch's steps (summed over interrupted runs)
 * @param stepsPerSecond        steps / seconds
 * @param trainReconMse         mean over the epoch's steps and pixels of e^2, e = v - W^T s (before
 *                              each step's update, as the seed computes it)
 * @param trainReconRelative    trainReconMse / mean of v^2 over the same frames
 * @param sparseWinnersFraction share of sparse neurons that won at least once in the epoch with a
 *                              non-zero activation (the tie-broken "winners" of an all-zero frame,
 *                              a blank area of the tapestry, output 0 and learn nothing: not counted)
 * @param coverage              share of sparse neurons whose column sum in U exceeds 10% of the mean
 *                              column sum, at the end of the epoch ({@link InvarianceAnalysis#coverage})
 * @param weakestStrength       smallest column sum of U at the end of the epoch
 * @param strongestStrength     largest column sum of U at the end of the epoch
 */
public record EpochMetrics(int epoch, int steps, double seconds, double stepsPerSecond, double trainReconMse,
                           double trainReconRelative, double sparseWinnersFraction, double coverage,
                           double weakestStrength, double strongestStrength) {
}
