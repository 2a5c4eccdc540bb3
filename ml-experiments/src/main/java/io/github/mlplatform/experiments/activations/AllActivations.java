package io.github.mlplatform.experiments.activations;

import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.layers.Parallel;

/**
 * The networks of the seed's "all the activations" (experiment 07), one per {@link AllActivationsVariant}:
 *
 * <pre>
 * [batch, 1, 28, 28] → Flatten → [batch, 784] → Linear(784 → H) → [batch, H] → block → [batch, w] → Linear(w → 10) → 10 logits
 * </pre>
 *
 * where the block is {@code Parallel.allActivations(H)} (the ten branches concatenated, {@code w = 10·H})
 * for {@link AllActivationsVariant#ALL}, or one of its branches alone ({@code w = H}) for the others. Module
 * names: {@code 0} Flatten, {@code 1} the first Linear, {@code 2} the block, {@code 3} the classifier
 * (its weight {@code 3.weight} is {@code [w, 10]}; rows {@code b·H .. (b+1)·H − 1} read branch {@code b}).
 */
public final class AllActivations {

    /** Name of the classifier's weight {@code [w, 10]}. */
    public static final String HEAD_WEIGHT = "3.weight";
    static final int PIXELS = 28 * 28;
    static final int CLASSES = 10;

    private AllActivations() {
    }

    /**
     * The network of {@code variant} with {@code hidden} units (a multiple of 8); the two permuted
     * branches draw their permutations from {@code permutationSeed} and {@code permutationSeed + 1}
     * ({@link Parallel#allActivations(int, long)}), in the single variants too.
     */
    public static Module create(AllActivationsVariant variant, int hidden, long permutationSeed) {
        Parallel all = Parallel.allActivations(hidden, permutationSeed);
        Module block = variant == AllActivationsVariant.ALL ? all : all.branches().get(variant.branch());
        return new Sequential(new Flatten(), new Linear(PIXELS, hidden), block, new Linear(width(variant, hidden), CLASSES));
    }

    /** Features the block hands to the classifier: {@code 10·H} for all branches, {@code H} for one. */
    public static int width(AllActivationsVariant variant, int hidden) {
        return variant == AllActivationsVariant.ALL ? AllActivationsVariant.BRANCHES * hidden : hidden;
    }
}
