package io.github.mlplatform.datasets.iterator;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * How an {@link ImageDataSetIterator} batches images.
 *
 * @param batchSize examples per batch (the last batch may be smaller unless {@code dropLast})
 * @param shuffle   whether the order is shuffled each epoch (seeded by {@code seed} and the epoch)
 * @param seed      the shuffling seed
 * @param scaling   how pixels 0..255 become features
 * @param mean      mean subtracted by {@link Scaling#STANDARDIZE} (of p/255)
 * @param std       standard deviation divided by {@link Scaling#STANDARDIZE} (of p/255)
 * @param layout    {@link Layout#FLAT} {@code [N, rows·cols]} or {@link Layout#NCHW} {@code [N, 1, rows, cols]}
 * @param dataType  features' and labels' data type (FLOAT or DOUBLE)
 * @param dropLast  whether an incomplete last batch is dropped
 */
public record IteratorConfig(int batchSize, boolean shuffle, long seed, Scaling scaling, double mean, double std,
                             Layout layout, DataType dataType, boolean dropLast) {

    /** Pixel scaling. */
    public enum Scaling {
        /** Raw values 0..255. */
        NONE,
        /** {@code p / 255} in [0, 1] (torchvision's ToTensor). */
        UNIT,
        /** {@code (p / 255 − mean) / std} (torchvision's Normalize after ToTensor). */
        STANDARDIZE
    }

    /** Feature shape. */
    public enum Layout {
        /** {@code [N, rows·cols]}, row-major pixels (MLPs). */
        FLAT,
        /** {@code [N, 1, rows, cols]} (convolutions). */
        NCHW
    }

    /**
     * Batch 64, shuffled with seed 42, scaled to [0,1], flat, float32, last partial batch kept;
     * mean/std are MNIST's (0.1307, 0.3081) for when STANDARDIZE is chosen.
     */
    public static final IteratorConfig DEFAULT = new IteratorConfig(64, true, 42L, Scaling.UNIT, 0.1307, 0.3081,
            Layout.FLAT, DataType.FLOAT, false);

    public IteratorConfig {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (scaling == null || layout == null || dataType == null) {
            throw new IllegalArgumentException("scaling, layout and dataType must not be null");
        }
        if (scaling == Scaling.STANDARDIZE && !(std > 0 && Double.isFinite(std) && Double.isFinite(mean))) {
            throw new IllegalArgumentException("std must be a positive finite number for STANDARDIZE, got mean "
                    + mean + " std " + std);
        }
        if (!dataType.isFPType()) {
            throw new IllegalArgumentException("dataType must be a floating-point type, got " + dataType);
        }
    }

    /** The defaults. */
    public static IteratorConfig defaults() {
        return DEFAULT;
    }

    public IteratorConfig withBatchSize(int n) {
        return new IteratorConfig(n, shuffle, seed, scaling, mean, std, layout, dataType, dropLast);
    }

    public IteratorConfig withShuffle(boolean s) {
        return new IteratorConfig(batchSize, s, seed, scaling, mean, std, layout, dataType, dropLast);
    }

    public IteratorConfig withSeed(long s) {
        return new IteratorConfig(batchSize, shuffle, s, scaling, mean, std, layout, dataType, dropLast);
    }

    public IteratorConfig withScaling(Scaling s) {
        return new IteratorConfig(batchSize, shuffle, seed, s, mean, std, layout, dataType, dropLast);
    }

    /** STANDARDIZE with the given mean and std (of p/255). */
    public IteratorConfig withStandardization(double m, double s) {
        return new IteratorConfig(batchSize, shuffle, seed, Scaling.STANDARDIZE, m, s, layout, dataType, dropLast);
    }

    public IteratorConfig withLayout(Layout l) {
        return new IteratorConfig(batchSize, shuffle, seed, scaling, mean, std, l, dataType, dropLast);
    }

    public IteratorConfig withDataType(DataType t) {
        return new IteratorConfig(batchSize, shuffle, seed, scaling, mean, std, layout, t, dropLast);
    }

    public IteratorConfig withDropLast(boolean d) {
        return new IteratorConfig(batchSize, shuffle, seed, scaling, mean, std, layout, dataType, d);
    }

    /** The feature value of pixel p = 0..255 under this scaling, in double precision. */
    public double scale(int p) {
        switch (scaling) {
            case NONE: return p;
            case UNIT: return p / 255.0;
            default: return (p / 255.0 - mean) / std;
        }
    }
}
