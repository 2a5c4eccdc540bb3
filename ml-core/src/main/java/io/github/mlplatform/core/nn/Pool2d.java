package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/** Shared code of {@link MaxPool2d} and {@link AvgPool2d}: k×k windows with a stride on NCHW input, no padding. */
abstract class Pool2d extends Module {

    final int kernel;
    final int stride;

    Pool2d(int kernel, int stride) {
        if (kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel and stride must be positive, got kernel="
                    + kernel + ", stride=" + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    Pooling2DConfig config(Pooling2D.Pooling2DType type) {
        return Pooling2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride)
                .paddingMode(PaddingMode.VALID).type(type).isNHWC(false)
                .divisor(Pooling2D.Divisor.INCLUDE_PADDING).build();
    }

    @Override
    public String describe() {
        return getClass().getSimpleName() + "(kernel=" + kernel + ", stride=" + stride + ")";
    }

    /** Adds the pooling op of the given type to the graph. */
    SDVariable pool(Graph g, SDVariable x, Pooling2D.Pooling2DType type) {
        Pooling2DConfig cfg = config(type);
        return type == Pooling2D.Pooling2DType.MAX ? g.sd().cnn().maxPooling2d(x, cfg) : g.sd().cnn().avgPooling2d(x, cfg);
    }
}
