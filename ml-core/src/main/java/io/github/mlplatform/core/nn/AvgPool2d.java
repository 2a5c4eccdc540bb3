package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;

/** Mean over k×k windows (stride defaults to k), NCHW; LeNet's subsampling. */
public class AvgPool2d extends Pool2d {

    public AvgPool2d(int kernel) {
        this(kernel, kernel);
    }

    public AvgPool2d(int kernel, int stride) {
        super(kernel, stride);
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return pool(g, x, Pooling2D.Pooling2DType.AVG);
    }
}
