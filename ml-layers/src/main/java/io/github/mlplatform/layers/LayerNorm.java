package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Arrays;

/**
 * Layer normalisation over the trailing {@code normalizedShape} dimensions of each example, as
 * PyTorch's {@code nn.LayerNorm}: {@code y = (x − μ)/√(σ² + ε)·γ + β}, with μ and σ² the mean and
 * biased variance over those dimensions, and learned {@code weight} γ (ones) and {@code bias} β
 * (zeros) of shape {@code normalizedShape} when {@code elementwiseAffine}. The seeds use it in the
 * staged networks ({@code LayerNorm(16)}), the all-the-activations CNN ({@code LayerNorm((30, 30))})
 * and the self-attention blocks.
 */
public class LayerNorm extends Module implements StaticShape {

    /** PyTorch's default ε. */
    public static final double DEFAULT_EPS = 1e-5;

    private final long[] normalizedShape;
    private final long size;
    private final double eps;
    private final boolean elementwiseAffine;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalises over the trailing dimensions {@code normalizedShape}, ε = 1e-5, with affine parameters. */
    public LayerNorm(long... normalizedShape) {
        this(normalizedShape, DEFAULT_EPS, true);
    }

    public LayerNorm(long[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape == null || normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must be non-empty and positive, got "
                    + Arrays.toString(normalizedShape));
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.size = Arrays.stream(normalizedShape).reduce(1, (a, b) -> a * b);
        this.eps = eps;
        this.elementwiseAffine = elementwiseAffine;
        this.weight = elementwiseAffine ? parameter("weight", Initializer.ones(), normalizedShape) : null;
        this.bias = elementwiseAffine ? parameter("bias", Initializer.zeros(), normalizedShape) : null;
    }

    public long[] normalizedShape() {
        return normalizedShape.clone();
    }

    public double eps() {
        return eps;
    }

    public boolean elementwiseAffine() {
        return elementwiseAffine;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] s = Shapes.expect(g, x, this);
        // one row per normalised group: [N, size]
        SDVariable rows = sd.reshape(x, -1, size);
        SDVariable centred = rows.sub(rows.mean(true, 1));
        SDVariable variance = centred.mul(centred).mean(true, 1);
        // times rsqrt, not div: SameDiff's div gradient is wrong for a [1, 1] divisor (a batch of one)
        SDVariable normed = centred.mul(sd.math().rsqrt(variance.add(eps)));
        SDVariable y = sd.reshape(normed, sd.shape(x));
        return Shapes.record(g, elementwiseAffine ? y.mul(g.param(weight)).add(g.param(bias)) : y, s);
    }

    @Override
    public long[] outputShape(long[] s) {
        int k = normalizedShape.length;
        long[] tail = s.length > k ? Arrays.copyOfRange(s, s.length - k, s.length) : null;
        if (tail == null || !Arrays.equals(tail, normalizedShape)) {
            throw new IllegalArgumentException(describe() + ": the input's trailing dimensions must be "
                    + Arrays.toString(normalizedShape) + ", got input " + Shapes.show(s));
        }
        return s.clone();
    }

    @Override
    public String describe() {
        String shape = normalizedShape.length == 1 ? "(" + normalizedShape[0] + ",)"
                : Arrays.toString(normalizedShape).replace('[', '(').replace(']', ')');
        return "LayerNorm(" + shape + ", eps=" + eps + ", elementwise_affine=" + elementwiseAffine + ")";
    }
}
