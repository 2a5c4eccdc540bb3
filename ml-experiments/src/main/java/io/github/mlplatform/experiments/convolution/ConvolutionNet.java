package io.github.mlplatform.experiments.convolution;

import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.DataFormat;
import io.github.mlplatform.core.nn.Dropout;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Permute;
import io.github.mlplatform.core.nn.Sequential;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The network of pytorch/examples {@code mnist/main.py} ({@code Net}), layer for layer, with the
 * shape after each for input {@code [batch, 1, 28, 28]}:
 * <pre>
 *    conv1     Conv2d(1 → 32, 3×3)         [batch, 32, 26, 26]
 *              ReLU
 *    conv2     Conv2d(32 → 64, 3×3)        [batch, 64, 24, 24]
 *              MaxPool2d(2)                [batch, 64, 12, 12]
 *              ReLU
 *    dropout1  Dropout(0.25)
 *              Flatten                     [batch, 9216]   (C-order over channel, row, column, as torch.flatten)
 *    fc1       Linear(9216 → 128)          [batch, 128]
 *              ReLU
 *    dropout2  Dropout(0.5)
 *    fc2       Linear(128 → 10)            [batch, 10]
 *              LogSoftmax                  [batch, 10]     log-probabilities, for the NLL loss
 * </pre>
 * PyTorch applies conv2's ReLU before the pooling; here it comes after, on a quarter of the elements.
 * The values are the same (ReLU is monotone, so it commutes with a maximum) and so are the gradients
 * (both send a window's gradient to its maximum if that is positive, and nowhere otherwise).
 *
 * <p>In {@link DataFormat#NHWC} (the default) the convolutions, their ReLUs and the pooling run channels
 * last: a {@link Permute} takes the input to {@code [batch, 28, 28, 1]} first and one after the pooling
 * takes {@code [batch, 12, 12, 64]} back to {@code [batch, 64, 12, 12]}, so Flatten, fc1 and every
 * parameter are the same as in {@link DataFormat#NCHW}, the same function with the same parameters
 * ({@code ConvolutionNetTest}); oneDNN's convolutions then skip the reorders to and from their
 * channels-last layout that NCHW costs on every call (docs/results.md, "Convolution").
 *
 * <p>Weights and biases start as PyTorch's defaults, U(−1/√fan_in, 1/√fan_in) (ml-core's
 * {@code Conv2d} and {@code Linear}); dropout is inverted dropout, off in evaluation (ml-core's
 * {@code Dropout}). 1,199,882 parameters. The parameter names are the {@link Sequential}'s
 * positions, which the two permutes shift; {@link #torchNames(DataFormat)} maps PyTorch's.
 */
public final class ConvolutionNet {

    /** Features after the convolutions and pooling: 64 channels of 12 × 12. */
    public static final int FLAT = 64 * 12 * 12;

    /** PyTorch's state-dict name of each parameter → ours, in the default format ({@link DataFormat#NHWC}). */
    public static final Map<String, String> TORCH_NAMES = torchNames(DataFormat.NHWC);

    private ConvolutionNet() {
    }

    /** The network with pytorch/examples' dropout probabilities (0.25 after pooling, 0.5 after fc1), channels last. */
    public static Module create() {
        return create(DataFormat.NHWC);
    }

    /** The network with pytorch/examples' dropout probabilities, its convolutions in {@code format}. */
    public static Module create(DataFormat format) {
        return create(format, 0.25, 0.5);
    }

    /**
     * The network with the given dropout probabilities (0 = no dropout there), its convolutions in {@code format}.
     *
     * @throws IllegalArgumentException if format is null
     */
    public static Module create(DataFormat format, double dropout1, double dropout2) {
        if (format == null) {
            throw new IllegalArgumentException("ConvolutionNet: data format must be NCHW or NHWC, got null");
        }
        Sequential net = new Sequential();
        if (format == DataFormat.NHWC) {
            net.add(new Permute(DataFormat.TO_NHWC));
        }
        net.add(new Conv2d(1, 32, 3, 1, 0, format))
                .add(relu())
                .add(new Conv2d(32, 64, 3, 1, 0, format))
                .add(new MaxPool2d(2, 2, format)) // then ReLU: max and ReLU commute, a quarter of the elements
                .add(relu());
        if (format == DataFormat.NHWC) {
            net.add(new Permute(DataFormat.TO_NCHW));
        }
        return net.add(new Dropout(dropout1))
                .add(new Flatten())
                .add(new Linear(FLAT, 128))
                .add(relu())
                .add(new Dropout(dropout2))
                .add(new Linear(128, 10))
                .add(Activation.logSoftmax());
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
        return fromTorch(torch, DataFormat.NHWC);
    }

    /**
     * {@link #fromTorch(Map)} for the network {@link #create(DataFormat)} builds in {@code format}.
     *
     * @throws IllegalArgumentException if an entry of {@link #torchNames(DataFormat)} is missing
     */
    public static Map<String, INDArray> fromTorch(Map<String, INDArray> torch, DataFormat format) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        Map<String, String> names = torchNames(format);
        for (var e : names.entrySet()) {
            INDArray v = torch.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException("PyTorch state dict has no '" + e.getKey() + "'; expected " + names.keySet());
            }
            boolean weight = e.getKey().endsWith(".weight");
            INDArray ours = !weight ? v : e.getKey().startsWith("conv") ? v.permute(2, 3, 1, 0) : v.transpose();
            out.put(e.getValue(), ours.dup('c'));
        }
        return out;
    }

    /**
     * PyTorch's state-dict name of each parameter → ours in the network {@link #create(DataFormat)}
     * builds: {@code conv1 → 0, conv2 → 2, fc1 → 7, fc2 → 10} in NCHW, each one further on in NHWC
     * ({@code 1, 3, 9, 12}: the two permutes).
     */
    public static Map<String, String> torchNames(DataFormat format) {
        Map<String, String> m = new LinkedHashMap<>();
        String[][] layers = format == DataFormat.NHWC
                ? new String[][]{{"conv1", "1"}, {"conv2", "3"}, {"fc1", "9"}, {"fc2", "12"}}
                : new String[][]{{"conv1", "0"}, {"conv2", "2"}, {"fc1", "7"}, {"fc2", "10"}};
        for (String[] l : layers) {
            m.put(l[0] + ".weight", l[1] + ".weight");
            m.put(l[0] + ".bias", l[1] + ".bias");
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
