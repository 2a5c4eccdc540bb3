package io.github.mlplatform.core.loss;

import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;

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
     * {@code mean_n −Σ_c y[n,c]·ℓ[n,c]} (PyTorch's {@code NLLLoss}).
     */
    static Loss nll() {
        return new Named("nll", (g, name, logp, y) -> g.sd().mean(name, logp.mul(y).sum(1).neg()));
    }

    /** Mean squared error {@code mean (ŷ − y)²} over all elements (PyTorch's {@code MSELoss}). */
    static Loss mse() {
        return new Named("mse", (g, name, yhat, y) -> g.sd().mean(name, g.sd().math().squaredDifference(yhat, y)));
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
