package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;

/** Max over k×k windows (stride defaults to k), NCHW. */
public class MaxPool2d extends Pool2d {

    public MaxPool2d(int kernel) {
        this(kernel, kernel);
    }

    public MaxPool2d(int kernel, int stride) {
        super(kernel, stride);
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return pool(g, x, Pooling2D.Pooling2DType.MAX);
    }
}
