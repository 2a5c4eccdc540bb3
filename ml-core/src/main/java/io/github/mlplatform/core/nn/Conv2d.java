package io.github.mlplatform.core.nn;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;

/**
 * 2-D convolution on NCHW input: {@code y[n,o] = b[o] + Σᵢ W[o,i] ⋆ x[n,i]}. The weight is stored
 * {@code [kH, kW, in, out]} (ND4J's default layout; PyTorch stores {@code [out, in, kH, kW]}) and
 * initialised like PyTorch: U(−1/√(in·kH·kW), +1/√(in·kH·kW)).
 */
public class Conv2d extends Module {

    private final long in;
    private final long out;
    private final int kernel;
    private final int stride;
    private final int padding;
    private final Parameter weight;
    private final Parameter bias;

    public Conv2d(long in, long out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    public Conv2d(long in, long out, int kernel, int stride, int padding) {
        if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || padding < 0) {
            throw new IllegalArgumentException("Conv2d: channels, kernel and stride must be positive and padding >= 0, got in="
                    + in + ", out=" + out + ", kernel=" + kernel + ", stride=" + stride + ", padding=" + padding);
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        long fanIn = in * kernel * kernel;
        this.weight = parameter("weight", Initializer.fanInUniform(fanIn), kernel, kernel, in, out);
        this.bias = parameter("bias", Initializer.fanInUniform(fanIn), out);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(kernel).kW(kernel).sH(stride).sW(stride).pH(padding).pW(padding)
                .paddingMode(PaddingMode.VALID)
                .dataFormat("NCHW")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        return g.sd().cnn().conv2d(x, g.param(weight), g.param(bias), cfg);
    }

    @Override
    public String describe() {
        return "Conv2d(" + in + ", " + out + ", kernel=" + kernel + (stride != 1 ? ", stride=" + stride : "")
                + (padding != 0 ? ", padding=" + padding : "") + ")";
    }
}
