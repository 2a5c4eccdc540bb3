package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * 2-D convolution: {@code y[n,o] = b[o] + Σᵢ W[o,i] ⋆ x[n,i]}, square kernel {@code k}, stride
 * {@code s}, zero padding {@code p} on every side, on NCHW input (the default) or NHWC input
 * ({@link DataFormat}; the same function and parameters, faster in a stack of NHWC layers).
 *
 * <ul>
 *   <li>input: {@code [batch, in, H, W]} (NHWC: {@code [batch, H, W, in]});</li>
 *   <li>output: {@code [batch, out, H', W']} (NHWC: {@code [batch, H', W', out]}) with
 *       {@code H' = floor((H + 2p − k)/s) + 1} and {@code W' = floor((W + 2p − k)/s) + 1} (PyTorch's
 *       formula with dilation 1);</li>
 *   <li>parameters: {@code weight [k, k, in, out]} (ND4J's default layout; PyTorch stores
 *       {@code [out, in, k, k]}) and {@code bias [out]}, both initialised like PyTorch:
 *       U(−1/√(in·k·k), +1/√(in·k·k)).</li>
 * </ul>
 */
public class Conv2d extends Module {

    private final long in;
    private final long out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final DataFormat format;
    private final Parameter weight;
    private final Parameter bias;

    /** Stride 1, no padding. */
    public Conv2d(long in, long out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    /**
     * @throws IllegalArgumentException if channels, kernel or stride are not positive or padding is negative
     */
    public Conv2d(long in, long out, int kernel, int stride, int padding) {
        this(in, out, kernel, stride, padding, DataFormat.NCHW);
    }

    /**
     * @param format where the channels of the input and output are (the parameters are the same either way)
     * @throws IllegalArgumentException if channels, kernel or stride are not positive, padding is negative or format is null
     */
    public Conv2d(long in, long out, int kernel, int stride, int padding, DataFormat format) {
        if (format == null) {
            throw new IllegalArgumentException("Conv2d: data format must be NCHW or NHWC, got null");
        }
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: channels, kernel and stride must be positive and padding >= 0, got in="
                    + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.format = format;
        long fanIn = in * kernel * kernel;
        this.weight = parameter("weight", Initializer.fanInUniform(fanIn), kernel, kernel, in, out);
        this.bias = parameter("bias", Initializer.fanInUniform(fanIn), out);
    }

    public Parameter weight() {
        return weight;
    }

    /** Input channels. */
    public long inChannels() {
        return in;
    }

    /** Output channels. */
    public long outChannels() {
        return out;
    }

    /** The side {@code k} of the square kernel. */
    public int kernelSize() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    /** Zero padding on every side. */
    public int padding() {
        return padding;
    }

    public Parameter bias() {
        return bias;
    }

    /** Where the channels of the input and output are. */
    public DataFormat format() {
        return format;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(format.name())
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        return g.sd().cnn().conv2d(x, g.param(weight), g.param(bias), cfg);
    }

    /**
     * {@code [batch, out, floor((H + 2p − k)/s) + 1, floor((W + 2p − k)/s) + 1]} for input {@code [batch, in, H, W]}
     * (NHWC: the same sizes, channels last).
     *
     * @throws ShapeMismatchException if the input is not of rank 4, has another channel count than
     *                                {@code in}, or is smaller than the kernel after padding
     */
    @Override
    public long[] outputShape(long[] s) {
        int c = format.channelAxis();
        int h = format.heightAxis();
        if (s.length != 4 || s[c] != in) {
            throw new ShapeMismatchException(this, "expected input " + format.show(Long.toString(in)) + ", got " + Shape.show(s)
                    + (s.length == 4 ? " (" + s[c] + " channels instead of " + in + ")" : ""));
        }
        return format.shape(s[0], out, Pool2d.outputSize(this, "height", s[h], kernel, stride, padding),
                Pool2d.outputSize(this, "width", s[h + 1], kernel, stride, padding));
    }

    @Override
    public String describe() {
        return "Conv2d(" + in + ", " + out + ", kernel=" + kernel + (stride != 1 ? ", stride=" + stride : "")
                + (padding != 0 ? ", padding=" + padding : "") + (format != DataFormat.NCHW ? ", " + format : "") + ")";
    }
}
