package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seed's staged network (experiment 08, "first fully train one network on a task; freeze its
 * weights and attach a new network; train the combined network and repeat"):
 *
 * <pre>
 * ExpansionSerial[
 *   Flatten,
 *   ExpansionParallel[ branch₀, branch₁, … ],           branchᵢ = RandomSample(784 → 16) →
 *                                                            Lᵢ × Residual(Linear(16,16) → LayerNorm(16) → ReLU → Dropout(0.5))
 *   ExpansionReplace[ Linear(16, 10), Linear(32, 10), … ] head of stage s reads (s+1)·16 features
 * ]
 * </pre>
 *
 * At stage {@code s} branches {@code 0..s} run side by side, {@code 0..s−1} frozen; the head is
 * replaced to fit the wider concatenation.
 */
public final class StagedNetwork {

    private StagedNetwork() {
    }

    /**
     * Settings; {@link #seedDefaults()} are the seed's values.
     *
     * @param inputSize       features after flattening (784 for 28×28 images)
     * @param subsetSize      features each branch samples (16)
     * @param layersPerBranch residual layers of each branch, in stage order (10×1, 5×2, 5×4, 5×8, 5×16: 30 stages)
     * @param dropout         dropout after each layer's ReLU (0.5; 0 for none)
     * @param classes         outputs of the head (10)
     * @param seed            seed of the branches' random feature subsets
     */
    public record Config(int inputSize, int subsetSize, List<Integer> layersPerBranch, double dropout, int classes, long seed) {
        public Config {
            if (inputSize <= 0 || subsetSize <= 0 || subsetSize > inputSize || classes <= 0) {
                throw new IllegalArgumentException("StagedNetwork.Config: need 0 < subsetSize <= inputSize and classes > 0, got inputSize="
                        + inputSize + ", subsetSize=" + subsetSize + ", classes=" + classes);
            }
            if (layersPerBranch == null || layersPerBranch.isEmpty() || layersPerBranch.stream().anyMatch(l -> l == null || l <= 0)) {
                throw new IllegalArgumentException("StagedNetwork.Config: layersPerBranch must be a non-empty list of positive counts, got "
                        + layersPerBranch);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("StagedNetwork.Config: dropout must be in [0, 1), got " + dropout);
            }
            layersPerBranch = List.copyOf(layersPerBranch);
        }

        /** The seed's network: 784 inputs, 16-feature branches of 1 (×10), 2, 4, 8, 16 (×5 each) layers, dropout 0.5, 10 classes. */
        public static Config seedDefaults() {
            List<Integer> layers = new ArrayList<>();
            layers.addAll(Collections.nCopies(10, 1));
            layers.addAll(Collections.nCopies(5, 2));
            layers.addAll(Collections.nCopies(5, 4));
            layers.addAll(Collections.nCopies(5, 8));
            layers.addAll(Collections.nCopies(5, 16));
            return new Config(28 * 28, 16, layers, 0.5, 10, 0L);
        }

        public Config withLayersPerBranch(List<Integer> layers) {
            return new Config(inputSize, subsetSize, layers, dropout, classes, seed);
        }

        public Config withDropout(double p) {
            return new Config(inputSize, subsetSize, layersPerBranch, p, classes, seed);
        }

        public Config withSeed(long s) {
            return new Config(inputSize, subsetSize, layersPerBranch, dropout, classes, s);
        }
    }

    /** The whole network at stage 0. */
    public static ExpansionSerial build(Config c) {
        SplittableRandom seeds = new SplittableRandom(c.seed());
        List<Module> branches = new ArrayList<>();
        List<Module> heads = new ArrayList<>();
        for (int i = 0; i < c.layersPerBranch().size(); i++) {
            branches.add(branch(c, c.layersPerBranch().get(i), seeds.nextLong()));
            heads.add(new Linear((long) (i + 1) * c.subsetSize(), c.classes()));
        }
        return new ExpansionSerial(new Flatten(), new ExpansionParallel(branches), new ExpansionReplace(heads));
    }

    /** {@code RandomSample(inputSize → subsetSize)} then {@code layers} residual layers. */
    public static Sequential branch(Config c, int layers, long sampleSeed) {
        Sequential s = new Sequential(new RandomSample(c.inputSize(), c.subsetSize(), sampleSeed));
        for (int l = 0; l < layers; l++) {
            Sequential inner = new Sequential(new Linear(c.subsetSize(), c.subsetSize()), new LayerNorm(c.subsetSize()), Activation.relu());
            if (c.dropout() > 0) {
                inner.add(new Dropout(c.dropout()));
            }
            s.add(new Residual(inner));
        }
        return s;
    }
}
