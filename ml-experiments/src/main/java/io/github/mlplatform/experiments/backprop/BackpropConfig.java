package io.github.mlplatform.experiments.backprop;

import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.regression.backprop.AffineLayer;
import io.github.mlplatform.regression.backprop.Architecture;
import io.github.mlplatform.regression.backprop.NNBench;
import io.github.mlplatform.regression.backprop.Task;

import java.util.HashSet;
import java.util.List;

/**
 * Settings of {@code ml run backprop}, written to the run's {@code config.json} under the same keys.
 * Defaults are seed 003's bench: facts from {@code np.random.seed(3)}, the seed's slider ranges (alpha
 * up to about 0.5, up to 1000 facts; the grid adds 1 to show divergence), every task and network of
 * the seed plus two with a hidden layer, and the chain-rule gradient beside the seed's {@code M·δ}.
 * The weights are drawn from {@code np.random.seed(0)} (the seed drew them from whatever state NumPy
 * was in); held-out facts for the final loss come from the next generator seed.
 *
 * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
 * <table>
 * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
 * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code tasks}</td><td>list of identity|swap|rotate|squared-difference|xor</td><td>identity,swap,rotate,squared-difference,xor</td><td>ideal functions to learn: the seed's identity, swap, (v0-v1)^2 and XOR, and rotate (a quarter turn, where M and M^T differ most)</td></tr>
 * <tr><td>{@code architectures}</td><td>list of affine|affine-half-square|affine-relu|affine-affine|affine-tanh-affine|wide-tanh</td><td>affine,affine-half-square,affine-relu,affine-affine,affine-tanh-affine,wide-tanh</td><td>networks: the seed's three (affine, affine then x^2/2, affine then ReLU) and three with a hidden layer (two affine layers; tanh between, 2 or 8 wide)</td></tr>
 * <tr><td>{@code gradients}</td><td>list of transposed|seed-untransposed</td><td>transposed,seed-untransposed</td><td>affine input gradients compared: transposed = M^T.dE/dy (the chain rule), seed-untransposed = the seed's M.dE/dy (square networks only)</td></tr>
 * <tr><td>{@code alphas}</td><td>list of number</td><td>0.001,0.003,0.01,0.03,0.1,0.3,1</td><td>step sizes of the grid of curves and of the table</td></tr>
 * <tr><td>{@code facts}</td><td>integer</td><td>1000 facts</td><td>training facts learned one at a time (the seed's slider went to 1000)</td></tr>
 * <tr><td>{@code eval-facts}</td><td>integer</td><td>1000 facts</td><td>held-out facts for the final loss (next generator seed)</td></tr>
 * <tr><td>{@code seed}</td><td>integer</td><td>3</td><td>NumPy seed of the training facts (the seed's NNBench.seed)</td></tr>
 * <tr><td>{@code init-seed}</td><td>integer</td><td>0</td><td>NumPy seed of the initial weights, drawn with randn as the seed's randomize()</td></tr>
 * <tr><td>{@code sigma}</td><td>number</td><td>3 facts</td><td>standard deviation of the seed's 'low pass' Gaussian filter of the curves (0 = raw)</td></tr>
 * <tr><td>{@code heatmap-alphas}</td><td>integer</td><td>25</td><td>rows of the (alpha, n) heat maps: alphas log-spaced between the smallest and largest of alphas</td></tr>
 * </table>
 * <!-- /settings -->
 */
public record BackpropConfig(
        @Param(doc = "ideal functions to learn: the seed's identity, swap, (v0-v1)^2 and XOR, and rotate (a quarter turn, where M and M^T differ most)") List<Task> tasks,
        @Param(doc = "networks: the seed's three (affine, affine then x^2/2, affine then ReLU) and three with a hidden layer (two affine layers; tanh between, 2 or 8 wide)")
        List<Architecture> architectures,
        @Param(doc = "affine input gradients compared: transposed = M^T.dE/dy (the chain rule), seed-untransposed = the seed's M.dE/dy (square networks only)")
        List<AffineLayer.InputGradient> gradients,
        @Param(doc = "step sizes of the grid of curves and of the table") List<Double> alphas,
        @Param(doc = "training facts learned one at a time (the seed's slider went to 1000)", unit = "facts") int facts,
        @Param(doc = "held-out facts for the final loss (next generator seed)", unit = "facts") int evalFacts,
        @Param(doc = "NumPy seed of the training facts (the seed's NNBench.seed)") long seed,
        @Param(doc = "NumPy seed of the initial weights, drawn with randn as the seed's randomize()") long initSeed,
        @Param(doc = "standard deviation of the seed's 'low pass' Gaussian filter of the curves (0 = raw)", unit = "facts") double sigma,
        @Param(doc = "rows of the (alpha, n) heat maps: alphas log-spaced between the smallest and largest of alphas") int heatmapAlphas) {

    public BackpropConfig {
        Check.that(tasks != null && !tasks.isEmpty(), "tasks", "needs at least one task");
        Check.that(new HashSet<>(tasks).size() == tasks.size(), "tasks", "names a task twice");
        Check.that(architectures != null && !architectures.isEmpty(), "architectures", "needs at least one architecture");
        Check.that(new HashSet<>(architectures).size() == architectures.size(), "architectures", "names an architecture twice");
        Check.that(gradients != null && !gradients.isEmpty(), "gradients", "needs at least one of transposed, seed-untransposed");
        Check.that(new HashSet<>(gradients).size() == gradients.size(), "gradients", "names a gradient twice");
        Check.that(gradients.contains(AffineLayer.InputGradient.TRANSPOSED), "gradients",
                "must include transposed (the chain rule, which the seed's gradient is compared with)");
        Check.that(alphas != null && !alphas.isEmpty(), "alphas", "needs at least one step size");
        for (Double a : alphas) {
            Check.that(a != null && a > 0 && Double.isFinite(a), "alphas", "must be numbers > 0, got " + a);
        }
        Check.that(new HashSet<>(alphas).size() == alphas.size(), "alphas", "names a step size twice");
        Check.that(facts >= 1 && facts <= 1_000_000, "facts", "must be between 1 and 1,000,000, got " + facts);
        Check.that(evalFacts >= 1 && evalFacts <= 1_000_000, "eval-facts", "must be between 1 and 1,000,000, got " + evalFacts);
        Check.that(seed >= 0 && seed < 0xFFFF_FFFFL, "seed", "must be in NumPy's range 0 <= seed < 2^32 - 1, got " + seed);
        Check.that(initSeed >= 0 && initSeed <= 0xFFFF_FFFFL, "init-seed", "must be in NumPy's range 0 <= seed < 2^32, got " + initSeed);
        Check.that(sigma >= 0 && sigma <= 1000, "sigma", "must be a number between 0 and 1000, got " + sigma);
        Check.that(heatmapAlphas >= 1 && heatmapAlphas <= 200, "heatmap-alphas", "must be between 1 and 200, got " + heatmapAlphas);
        tasks = List.copyOf(tasks);
        architectures = List.copyOf(architectures);
        gradients = List.copyOf(gradients);
        alphas = List.copyOf(alphas);
    }

    /** Every task and architecture, both gradients, alphas 0.001 … 1, 1000 facts, seed 3, σ = 3, 25 heat-map rows. */
    public static BackpropConfig defaults() {
        return new BackpropConfig(List.of(Task.values()), List.of(Architecture.values()),
                List.of(AffineLayer.InputGradient.values()), List.of(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0), 1000, 1000,
                NNBench.SEED, 0, 3, 25);
    }
}
