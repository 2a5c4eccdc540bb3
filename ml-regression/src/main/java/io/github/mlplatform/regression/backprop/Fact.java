package io.github.mlplatform.regression.backprop;

/**
 * One training example of seed 003: an input vector and the output the network should give.
 *
 * @param input    network input {@code x}
 * @param expected the desired output, same length as the network's output
 */
public record Fact(double[] input, double[] expected) {
    public Fact {
        if (input == null || expected == null) {
            throw new IllegalArgumentException("fact: input and expected must not be null");
        }
        input = input.clone();
        expected = expected.clone();
    }

    @Override
    public double[] input() {
        return input.clone();
    }

    @Override
    public double[] expected() {
        return expected.clone();
    }
}
