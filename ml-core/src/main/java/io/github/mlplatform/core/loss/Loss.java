package io.github.mlplatform.core.loss;

import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A scalar training objective of a model's output and its labels, averaged over the batch.
 * The factories match PyTorch's losses of the same names (mean reduction).
 */
public interface Loss {

    /** Adds the loss to the graph: a scalar named {@code name}. */
    SDVariable compute(Graph g, String name, SDVariable output, SDVariable labels);

    /** A short name for summaries and run records. */
    String name();

    /**
     * Cross-entropy from logits and one-hot labels: {@code mean_n −Σ_c y[n,c]·log softmax(z[n])_c}
     * (PyTorch's {@code CrossEntropyLoss} with one-hot targets).
     */
    static Loss crossEntropyFromLogits() {
        return new Named("cross_entropy", (g, name, z, y) ->
                g.sd().loss().softmaxCrossEntropy(name, y, z, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0));
    }

    /**
     * Negative log-likelihood of log-probabilities and one-hot labels:
     * {@code mean_n −Σ_c y[n,c]·ℓ[n,c]} (PyTorch's {@code NLLLoss}), summed over the entries the
     * labels weigh only: a log-probability of −∞ for a class with label 0 (a model certain it is
     * not that class) contributes 0, where the plain product would give {@code −∞·0 = NaN}. A −∞
     * at a labelled class gives +∞, as in PyTorch.
     */
    static Loss nll() {
        return new Named("nll", (g, name, logp, y) -> g.sd().mean(name, labelledOnly(g, logp, y).mul(y).sum(1).neg()));
    }

    /**
     * {@code logp} where {@code labels ≠ 0}; elsewhere {@code max(logp, lowest finite number)}, so
     * that multiplying by the label (0 there) gives 0 even where {@code logp} is −∞. Built from a
     * maximum with a bound that is −∞ at labelled entries ({@code log(1 − 1)}) and the lowest finite
     * number elsewhere: SameDiff 1.0.0-M2.1's {@code where} has no gradient and {@code replaceWhere}
     * with an array input gives both inputs the gradient that belongs to the first.
     */
    private static SDVariable labelledOnly(Graph g, SDVariable logp, SDVariable labels) {
        SameDiff sd = g.sd();
        SDVariable labelled = sd.neq(labels, 0.0).castTo(g.dataType());
        SDVariable bound = sd.math().log(labelled.rsub(1.0)).add(lowestFinite(g.dataType()));
        return sd.math().max(logp, bound);
    }

    private static double lowestFinite(DataType t) {
        return switch (t) {
            case DOUBLE -> -Double.MAX_VALUE;
            case HALF -> -65504.0;
            default -> -Float.MAX_VALUE; // FLOAT, and BFLOAT16 has float's range
        };
    }

    /** Mean squared error {@code mean (ŷ − y)²} over all elements (PyTorch's {@code MSELoss}). */
    static Loss mse() {
        // d·d, not squaredDifference: the latter's gradient took about half of each training step of a
        // 784×784 linear model (ml bench topology, docs/results.md "Topology"); the values are the same
        return new Named("mse", (g, name, yhat, y) -> {
            SDVariable d = yhat.sub(y);
            return g.sd().mean(name, d.mul(d));
        });
    }

    /**
     * Binary cross-entropy from logits, {@code mean −[y·log σ(z) + (1−y)·log(1−σ(z))]} over all
     * elements (PyTorch's {@code BCEWithLogitsLoss}).
     */
    static Loss bceFromLogits() {
        return new Named("bce_with_logits", (g, name, z, y) ->
                g.sd().loss().sigmoidCrossEntropy(name, y, z, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0));
    }

    /** Looks a loss up by its {@link #name()}. */
    static Loss byName(String name) {
        return switch (name) {
            case "cross_entropy" -> crossEntropyFromLogits();
            case "nll" -> nll();
            case "mse" -> mse();
            case "bce_with_logits" -> bceFromLogits();
            default -> throw new IllegalArgumentException("unknown loss '" + name
                    + "'; expected one of cross_entropy, nll, mse, bce_with_logits");
        };
    }

    /** The graph-building part of a loss. */
    @FunctionalInterface
    interface Builder {
        SDVariable build(Graph g, String name, SDVariable output, SDVariable labels);
    }

    /** A loss given by a name and a builder. */
    record Named(String name, Builder builder) implements Loss {
        @Override
        public SDVariable compute(Graph g, String varName, SDVariable output, SDVariable labels) {
            return builder.build(g, varName, output, labels);
        }
    }
}
