package io.github.mlplatform.experiments.fashionmlp;

import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The networks of seed 002's Fashion-MNIST MLP.
 *
 * <p>{@link #create}: the fixed network of the seed's cells [176] and [182],
 * <pre>
 * [batch, 1, 28, 28] → Flatten → [batch, 784] → Linear(784 → h1) → ReLU → Dropout(p) → Linear(h1 → h2) → ReLU → … → Linear(hk → 10) → 10 logits
 * </pre>
 * with the seed's {@code layer_dim = [784, 256, 256, 10]} by default, dropout after the first hidden
 * ReLU only (where cell [182] puts it; p = 0 keeps the module as the identity, so every cell of the
 * grid has the same parameter names), and the logits handed to the cross-entropy, which applies
 * log-softmax itself. Weights are drawn from N(0, std²) (the seed's {@code init_weights}); biases keep
 * PyTorch's default U(−1/√in, 1/√in), which the seed leaves untouched.
 *
 * <p>{@link #asWritten}: cell [175] as the notebook ran it, three bugs included:
 * <pre>
 * [batch, 1, 28, 28] → Flatten → Linear(784 → 64) → ReLU → Linear(64 → 10) → ReLU → Softmax → [batch, 10] probabilities
 * </pre>
 * (its {@code build_model} hard-codes 64 hidden units and ignores {@code layer_dim}), weights N(0, 0)
 * (all zero). The cross-entropy then applies log-softmax to these probabilities, so the loss it
 * sees lies between {@code ln(1 + 9/e) ≈ 1.46} and {@code ln(9 + e) ≈ 2.46} and is {@code ln 10 ≈ 2.30}
 * for uniform outputs.
 *
 * <p>Module names: {@code 0} Flatten, then the layers in order ({@code 1.weight [784, h1]} is the
 * first Linear's weight in ND4J's layout, PyTorch's {@code weight.T}).
 */
public final class FashionMlp {

    /** Pixels of a Fashion-MNIST image, the input width. */
    public static final int PIXELS = 28 * 28;
    /** Classes of Fashion-MNIST. */
    public static final int CLASSES = 10;
    /** Hidden units of cell [175]'s network (its {@code build_model} hard-codes {@code Linear(784, 64)}). */
    public static final int AS_WRITTEN_HIDDEN = 64;

    private FashionMlp() {
    }

    /**
     * The fixed network.
     *
     * @param hidden  widths of the hidden layers, e.g. {@code [256, 256]}
     * @param dropout probability of zeroing an element after the first hidden ReLU, in [0, 1)
     * @param initStd standard deviation of the weights' N(0, std²) initialisation, ≥ 0
     * @param seed    seed of the weight draws
     * @throws IllegalArgumentException for an empty {@code hidden}, a width below 1, a dropout outside
     *                                  [0, 1) or a negative {@code initStd}
     */
    public static Sequential create(List<Integer> hidden, double dropout, double initStd, long seed) {
        if (hidden == null || hidden.isEmpty()) {
            throw new IllegalArgumentException("hidden: expected at least one hidden layer width");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Module> layers = new ArrayList<>();
        layers.add(new Flatten());
        long in = PIXELS;
        for (int i = 0; i < hidden.size(); i++) {
            layers.add(normalWeights(new Linear(in, hidden.get(i)), initStd, rng));
            layers.add(Activation.relu());
            if (i == 0) {
                layers.add(new Dropout(dropout));
            }
            in = hidden.get(i);
        }
        layers.add(normalWeights(new Linear(in, CLASSES), initStd, rng));
        return new Sequential(layers.toArray(Module[]::new));
    }

    /** Cell [175]'s network as written: 784 → 64 → 10, ReLU and Softmax after the last layer, all weights zero. */
    public static Sequential asWritten(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new Sequential(new Flatten(), normalWeights(new Linear(PIXELS, AS_WRITTEN_HIDDEN), 0, rng), Activation.relu(),
                normalWeights(new Linear(AS_WRITTEN_HIDDEN, CLASSES), 0, rng), Activation.relu(), Activation.softmax());
    }

    /** {@code torch.nn.init.normal_(layer.weight, mean=0, std=std)}: sets the weight before the model is built. */
    static Linear normalWeights(Linear layer, double std, SplittableRandom rng) {
        long[] shape = {layer.inFeatures(), layer.outFeatures()};
        layer.weight().set(Initializer.normal(0, std).init(shape, DataType.FLOAT, rng));
        return layer;
    }
}
