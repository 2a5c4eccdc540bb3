package io.github.mlplatform.layers;

/**
 * A module that knows its output shape from its input shape without running anything, and checks
 * its input on the way.
 *
 * <p>The contract now lives in ml-core: every {@code Module} has
 * {@link io.github.mlplatform.core.module.Module#outputShape(long[])} (default: unknown), which
 * {@code Model.build} and {@link Shapes} use. This interface only restates that method; it is kept
 * so that the modules implementing it still compile, and implementing it changes nothing.
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
