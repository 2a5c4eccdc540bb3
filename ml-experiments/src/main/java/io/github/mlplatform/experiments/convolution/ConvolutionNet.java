package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network of pytorch/examples {@code mnist/main.py} ({@code Net}), layer for layer, with the
 * shape after each for input {@code [batch, 1, 28, 28]}:
 * <pre>
 *  0 conv1     Conv2d(1 → 32, 3×3)         [batch, 32, 26, 26]
 *  1           ReLU
 *  2 conv2     Conv2d(32 → 64, 3×3)        [batch, 64, 24, 24]
 *  3           ReLU
 *  4           MaxPool2d(2)                [batch, 64, 12, 12]
 *  5 dropout1  Dropout(0.25)
 *  6           Flatten                     [batch, 9216]   (C-order over channel, row, column, as torch.flatten)
 *  7 fc1       Linear(9216 → 128)          [batch, 128]
 *  8           ReLU
 *  9 dropout2  Dropout(0.5)
 * 10 fc2       Linear(128 → 10)            [batch, 10]
 * 11           LogSoftmax                  [batch, 10]     log-probabilities, for the NLL loss
 * </pre>
 * Weights and biases start as PyTorch's defaults, U(−1/√fan_in, 1/√fan_in) (ml-core's
 * {@code Conv2d} and {@code Linear}); dropout is inverted dropout, off in evaluation (ml-core's
 * {@code Dropout}). 1,199,882 parameters. The parameter names are the {@link Sequential}'s
 * positions; {@link #TORCH_NAMES} maps PyTorch's.
 */
public final class ConvolutionNet {

    /** Features after the convolutions and pooling: 64 channels of 12 × 12. */
    public static final int FLAT = 64 * 12 * 12;

    /** PyTorch's state-dict name of each parameter → ours. */
    public static final Map<String, String> TORCH_NAMES = torchNames();

    private ConvolutionNet() {
    }

    /** The network with pytorch/examples' dropout probabilities (0.25 after pooling, 0.5 after fc1). */
    public static Module create() {
        return create(0.25, 0.5);
    }

    /** The network with the given dropout probabilities (0 = no dropout there). */
    public static Module create(double dropout1, double dropout2) {
        return new Sequential(
                new Conv2d(1, 32, 3),
                relu(),
                new Conv2d(32, 64, 3),
                relu(),
                new MaxPool2d(2),
                new Dropout(dropout1),
                new Flatten(),
                new Linear(FLAT, 128),
                relu(),
                new Dropout(dropout2),
                new Linear(128, 10),
                Activation.logSoftmax());
    }

    /**
     * ReLU as {@code x · [x > 0]}: the same values and gradient as ml-core's {@code Activation.relu()}
     * (gradient 0 at 0, as PyTorch) for every finite input, faster to differentiate. SameDiff's
     * {@code relu} differentiates through {@code thresholdedrelu_bp}, which took 36 ms of a 143 ms
     * training step for the two convolution ReLUs ({@code ml bench convolution -P workers=1 -P
     * profile=true}, one thread); the comparison, the cast and the product with its gradient take about
     * 6–8 ms (docs/results.md, "Convolution"). An input of −∞ gives NaN here where ReLU gives 0; the
     * convolutions of finite images never produce one.
     */
    static Activation relu() {
        return new Activation("ReLU()", (g, x) -> x.mul(g.sd().gt(x, 0.0).castTo(g.dataType())), true);
    }

    /**
     * A PyTorch state dict of {@code Net} in this network's names and layouts: Conv2d weights
     * {@code [out, in, k, k]} → {@code [k, k, in, out]} ({@code permute(2, 3, 1, 0)}), Linear weights
     * {@code [out, in]} → {@code [in, out]} (the transpose), biases as they are.
     *
     * @throws IllegalArgumentException if an entry of {@link #TORCH_NAMES} is missing
     */
    public static Map<String, INDArray> fromTorch(Map<String, INDArray> torch) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (var e : TORCH_NAMES.entrySet()) {
            INDArray v = torch.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException("PyTorch state dict has no '" + e.getKey() + "'; expected " + TORCH_NAMES.keySet());
            }
            boolean weight = e.getKey().endsWith(".weight");
            INDArray ours = !weight ? v : e.getKey().startsWith("conv") ? v.permute(2, 3, 1, 0) : v.transpose();
            out.put(e.getValue(), ours.dup('c'));
        }
        return out;
    }

    private static Map<String, String> torchNames() {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] layers = {{"conv1", "0"}, {"conv2", "2"}, {"fc1", "7"}, {"fc2", "10"}};
        for (String[] l : layers) {
            m.put(l[0] + ".weight", l[1] + ".weight");
            m.put(l[0] + ".bias", l[1] + ".bias");
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
