package io.github.mlplatform.layers;

/**
 * A module that knows its output shape from its input shape without running anything, and checks
 * its input on the way. {@link Shapes} uses it to validate a model at build time cheaply (SameDiff
 * 1.0.0-M2.1 executes op by op at about a millisecond per op, so running the graph to learn shapes
 * is slow for big models).
 */
public interface StaticShape {

    /**
     * The output shape for input {@code inputShape} (batch dimension {@code -1}), or null if it cannot
     * be known without running the module.
     *
     * @throws IllegalArgumentException if this module cannot take input of that shape (the message
     *                                  names the module, what it expected and what it got)
     */
    long[] outputShape(long[] inputShape);
}
