package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.regression.data.NumpyRandom;

import java.util.Locale;

/**
 * The networks of seed 003's bench, all from {@code R²} to {@code R²}. The first three are the seed's
 * own; the last three add a hidden layer: the first places where an affine layer's input gradient is
 * used at all (and so where the seed's {@code M·δ} matters), and what XOR needs.
 */
public enum Architecture {
    /** {@code affine(2→2)}: the seed's "one affine layer". */
    AFFINE,
    /** {@code affine(2→2) → x²/2}: the seed's "learn thru a map layer". */
    AFFINE_HALF_SQUARE,
    /** {@code affine(2→2) → ReLU}: the seed's "add a RELU". */
    AFFINE_RELU,
    /** {@code affine(2→2) → affine(2→2)}: a deep linear network; it computes no more than one affine layer, but learns differently, and only the gradient between the layers differs under the seed's {@code M·δ}. */
    AFFINE_AFFINE,
    /** {@code affine(2→2) → tanh → affine(2→2)}: the smallest network with a hidden layer, square, so the seed's gradient runs too. */
    AFFINE_TANH_AFFINE,
    /** {@code affine(2→8) → tanh → affine(8→2)}: a wider hidden layer (not square: the seed's gradient is undefined). */
    WIDE_TANH;

    /** Hidden width of {@link #WIDE_TANH}. */
    public static final int WIDE_HIDDEN = 8;

    /**
     * A new network of this architecture, its affine layers drawn in order from {@code init}
     * (standard normal, as the seed's {@code randomize}).
     *
     * @throws IllegalArgumentException for {@link #WIDE_TANH} with {@link AffineLayer.InputGradient#SEED_UNTRANSPOSED}
     */
    public Network build(NumpyRandom init, AffineLayer.InputGradient gradient) {
        return switch (this) {
            case AFFINE -> Network.of(new AffineLayer(2, 2, init, gradient));
            case AFFINE_HALF_SQUARE -> Network.of(new AffineLayer(2, 2, init, gradient), MapLayer.halfSquare());
            case AFFINE_RELU -> Network.of(new AffineLayer(2, 2, init, gradient), MapLayer.relu());
            case AFFINE_AFFINE -> Network.of(new AffineLayer(2, 2, init, gradient), new AffineLayer(2, 2, init, gradient));
            case AFFINE_TANH_AFFINE -> Network.of(new AffineLayer(2, 2, init, gradient), MapLayer.tanh(),
                    new AffineLayer(2, 2, init, gradient));
            case WIDE_TANH -> Network.of(new AffineLayer(2, WIDE_HIDDEN, init, gradient), MapLayer.tanh(),
                    new AffineLayer(WIDE_HIDDEN, 2, init, gradient));
        };
    }

    /** Whether the seed's {@code M·δ} is defined for it (every affine layer square). */
    public boolean square() {
        return this != WIDE_TANH;
    }

    /** Whether an affine layer's input gradient is used (an affine layer after the first layer). */
    public boolean usesAffineInputGradient() {
        return this == AFFINE_AFFINE || this == AFFINE_TANH_AFFINE || this == WIDE_TANH;
    }

    /** The name used in configs and tables, lower case with dashes (e.g. {@code affine-tanh-affine}). */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
