package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;

/**
 * Max over k×k windows with stride s (default k), no padding, NCHW or NHWC ({@link DataFormat}).
 *
 * <ul>
 *   <li>input: {@code [batch, C, H, W]};</li>
 *   <li>output: {@code [batch, C, floor((H − k)/s) + 1, floor((W − k)/s) + 1]}, e.g. k = s = 2 halves
 *       28×28 to 14×14 (an odd remainder row/column is dropped, as in PyTorch).</li>
 * </ul>
 *
 * @see #outputShape(long[])
 */
public class MaxPool2d extends Pool2d {

    /** Window and stride {@code kernel}. */
    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    /**
     * @throws IllegalArgumentException if kernel or stride is not positive
     */
    public MaxPool2d(int kernel, int stride) {
        this(kernel, stride, DataFormat.NCHW);
    }

    /**
     * @param format where the channels of the input and output are
     * @throws IllegalArgumentException if kernel or stride is not positive or format is null
     */
    public MaxPool2d(int kernel, int stride, DataFormat format) {
        super(kernel, stride, format);
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return pool(g, x, Pooling2D.Pooling2DType.MAX);
    }
}
