package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.module.ShapeMismatchException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Shared code of {@link MaxPool2d} and {@link AvgPool2d}: k×k windows with stride s, no padding, on
 * NCHW input (the default) or NHWC input ({@link DataFormat}). Input {@code [batch, C, H, W]}, output
 * {@code [batch, C, floor((H − k)/s) + 1, floor((W − k)/s) + 1]} (NHWC: channels last in both).
 */
abstract class Pool2d extends Module {

    final int kernel;
    final int stride;
    final DataFormat format;

    Pool2d(int kernel, int stride, DataFormat format) {
        if (format == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": data format must be NCHW or NHWC, got null");
        }
        if (kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel and stride must be positive, got kernel="
                    + kernel + ", stride=" + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.format = format;
    }

    /** The side {@code k} of the square window. */
    public int kernelSize() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    /** Where the channels of the input and output are. */
    public DataFormat format() {
        return format;
    }

    Pooling2DConfig config(Pooling2D.Pooling2DType type) {
        return Pooling2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride)
                .paddingMode(PaddingMode.VALID).type(type).isNHWC(format == DataFormat.NHWC)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).build();
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + "(kernel=" + kernel + ", stride=" + stride + (format != DataFormat.NCHW ? ", " + format : "") + ")";
    }

    /** Adds the pooling op of the given type to the graph. */
    SDVariable pool(Graph g, SDVariable x, Pooling2D.Pooling2DType type) {
        Pooling2DConfig cfg = config(type);
        return type == Pooling2D.Pooling2DType.MAX ? g.sd().cnn().maxPooling2d(x, cfg) : g.sd().cnn().avgPooling2d(x, cfg);
    }

    /**
     * {@code [batch, C, floor((H − k)/s) + 1, floor((W − k)/s) + 1]} for input {@code [batch, C, H, W]}
     * (NHWC: the same sizes, channels last).
     *
     * @throws ShapeMismatchException if the input is not of rank 4 or is smaller than the window
     */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 4) {
            throw new ShapeMismatchException(this, "expected input " + format.show("channels") + ", got " + Shape.show(s));
        }
        int h = format.heightAxis();
        return format.shape(s[0], s[format.channelAxis()], outputSize(this, "height", s[h], kernel, stride, 0),
                outputSize(this, "width", s[h + 1], kernel, stride, 0));
    }

    /**
     * {@code floor((size + 2·padding − kernel)/stride) + 1}, the output size of a window sliding over
     * one spatial dimension.
     *
     * @throws ShapeMismatchException if the padded input is smaller than the window
     */
    static long outputSize(Module m, String dimension, long size, int kernel, int stride, int padding) {
        long padded = size + 2L * padding;
        if (padded < kernel) {
            throw new ShapeMismatchException(m, "input " + dimension + " " + size + (padding > 0 ? " (+2×" + padding + " padding)" : "")
                    + " is smaller than the kernel " + kernel + ": the output would be empty");
        }
        return Math.floorDiv(padded - kernel, stride) + 1;
    }
}
