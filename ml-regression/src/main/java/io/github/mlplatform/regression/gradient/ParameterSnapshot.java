package io.github.mlplatform.regression.gradient;

/**
 * The parameters of a one-layer model at the start of an epoch (epoch 0 = the initial values, as
 * in the seed's figures, which draw the line of every epoch) and the loss over all data there.
 *
 * @param epoch  0 for the initial values, e then for the values after e epochs
 * @param weight {@code in × out} weights
 * @param bias   {@code out} biases
 * @param loss   mean loss over the whole data set with these parameters
 */
public record ParameterSnapshot(int epoch, double[][] weight, double[] bias, double loss) {

    public ParameterSnapshot {
        double[][] w = new double[weight.length][];
        for (int i = 0; i < w.length; i++) {
            w[i] = weight[i].clone();
        }
        weight = w;
        bias = bias.clone();
    }

    /** For a 1-in/1-out model: the slope {@code w}. */
    public double slope() {
        return weight[0][0];
    }

    /** For a 1-out model: the intercept {@code b}. */
    public double intercept() {
        return bias[0];
    }
}
