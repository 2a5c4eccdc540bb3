package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Initializer;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Parameter;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Turns every pixel of an image into a token of width {@code d}: the input {@code [batch, T]} or
 * {@code [batch, 1, H, W]} (any shape with {@code T} values per example) becomes
 * {@code [batch, T, d]} with {@code e[t] = x[t]·w + b + p[t]}, a learned linear embedding of the
 * pixel value ({@code Linear(1, d)}: {@code weight [d]}, {@code bias [d]}, U(−1, 1) as PyTorch
 * initialises a one-input linear layer) plus a learned positional embedding
 * ({@code position [T, d]}, N(0, 1) as PyTorch's {@code nn.Embedding}). The token stage of the
 * seed's pixel-level self-attention (experiment 05), which embeds quantised pixel values and adds
 * {@code positional_embedding.weight}.
 */
public class PixelEmbedding extends Module implements StaticShape {

    private final int tokens;
    private final int width;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter position;

    public PixelEmbedding(int tokens, int width) {
        if (tokens <= 0 || width <= 0) {
            throw new IllegalArgumentException("PixelEmbedding: tokens and width must be positive, got tokens=" + tokens + ", width=" + width);
        }
        this.tokens = tokens;
        this.width = width;
        this.weight = parameter("weight", Initializer.fanInUniform(1), width);
        this.bias = parameter("bias", Initializer.fanInUniform(1), width);
        this.position = parameter("position", Initializer.normal(0, 1), tokens, width);
    }

    public int tokens() {
        return tokens;
    }

    public int width() {
        return width;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        Shapes.expect(g, x, this);
        SDVariable pixels = sd.reshape(x, Shapes.batchShape(sd, x, tokens, 1));          // [batch, T, 1]
        SDVariable e = pixels.mul(g.param(weight)).add(g.param(bias)).add(g.param(position));  // [batch, T, d]
        return Shapes.record(g, e, new long[]{-1, tokens, width});
    }

    @Override
    public long[] outputShape(long[] s) {
        if (Shapes.perExample(s) != tokens) {
            throw new IllegalArgumentException(describe() + ": expected " + tokens + " values per example, got input "
                    + Shapes.show(s) + " with " + Shapes.perExample(s));
        }
        return new long[]{-1, tokens, width};
    }

    @Override
    public String describe() {
        return "PixelEmbedding(tokens=" + tokens + ", width=" + width + ")";
    }
}
