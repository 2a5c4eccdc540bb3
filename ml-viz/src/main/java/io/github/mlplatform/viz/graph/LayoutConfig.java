package io.github.mlplatform.viz.graph;

/**
 * Parameters of the Fruchterman-Reingold layout ({@link ForceLayout}).
 *
 * @param iterations  number of steps (50, networkx's default)
 * @param temperature largest step at the start, as a fraction of the layout's extent (0.1); it
 *                    falls linearly to 0
 * @param weighted    attraction proportional to |weight| / max |weight| (otherwise every edge pulls equally)
 * @param seed        seed of the random initial positions
 */
public record LayoutConfig(int iterations, double temperature, boolean weighted, long seed) {

    public LayoutConfig {
        if (iterations < 0) {
            throw new IllegalArgumentException("LayoutConfig.iterations: expected >= 0, got " + iterations);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("LayoutConfig.temperature: expected > 0, got " + temperature);
        }
    }

    /** 50 iterations, temperature 0.1, weighted, seed 42. */
    public static LayoutConfig defaults() {
        return new LayoutConfig(50, 0.1, true, 42L);
    }

    public LayoutConfig withIterations(int n) {
        return new LayoutConfig(n, temperature, weighted, seed);
    }

    public LayoutConfig withSeed(long s) {
        return new LayoutConfig(iterations, temperature, weighted, s);
    }

    public LayoutConfig withWeighted(boolean w) {
        return new LayoutConfig(iterations, temperature, w, seed);
    }
}
