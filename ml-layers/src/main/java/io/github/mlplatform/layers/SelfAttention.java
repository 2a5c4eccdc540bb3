package io.github.mlplatform.layers;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-head scaled dot-product self-attention over a token sequence {@code [batch, T, d]}:
 * {@code Q = X·W_q}, {@code K = X·W_k}, {@code V = X·W_v} (no biases, as in the seed), split into
 * {@code h} heads of width {@code d/h}; per head
 * {@code A = softmax(Q·Kᵀ/√(d/h))} (softmax over the keys) and {@code O = A·V}; the heads are
 * concatenated and projected, {@code Y = O·W_o + b_o}. Output {@code [batch, T, d]}. Sub-modules
 * {@code query}, {@code key}, {@code value} ({@code Linear(d, d, bias=false)}) and {@code out}
 * ({@code Linear(d, d)}).
 *
 * <p>{@link #pixelLevel(Config)} is the seed's pixel-level self-attention (experiment 05): every
 * pixel a token ({@link PixelEmbedding}: value embedding plus learned positional embedding), then
 * this attention. Attention over {@code T} tokens costs {@code O(T²)} memory per head and example
 * ({@code T = 784} for MNIST).
 */
public class SelfAttention extends Module implements StaticShape {

    /**
     * Settings of the pixel-level attention.
     *
     * @param tokens pixels per image ({@code 28·28 = 784} for MNIST)
     * @param width  token width {@code d} (the seed's {@code embedding_dimension = 8})
     * @param heads  attention heads (the seed's README model runs 2 attention modules in parallel)
     */
    public record Config(int tokens, int width, int heads) {
        public Config {
            if (tokens <= 0 || width <= 0 || heads <= 0) {
                throw new IllegalArgumentException("SelfAttention.Config: tokens, width and heads must be positive, got tokens="
                        + tokens + ", width=" + width + ", heads=" + heads);
            }
            if (width % heads != 0) {
                throw new IllegalArgumentException("SelfAttention.Config: width " + width + " must be a multiple of heads " + heads);
            }
        }

        /** MNIST pixels, width 8, 2 heads (the seed's values). */
        public static Config seedDefaults() {
            return new Config(28 * 28, 8, 2);
        }
    }

    private final int width;
    private final int heads;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Linear out;

    /** Attention over tokens of width {@code width} with {@code heads} heads ({@code width % heads == 0}). */
    public SelfAttention(int width, int heads) {
        if (width <= 0 || heads <= 0 || width % heads != 0) {
            throw new IllegalArgumentException("SelfAttention: width and heads must be positive and width a multiple of heads, got width="
                    + width + ", heads=" + heads);
        }
        this.width = width;
        this.heads = heads;
        this.query = register("query", new Linear(width, width, false));
        this.key = register("key", new Linear(width, width, false));
        this.value = register("value", new Linear(width, width, false));
        this.out = register("out", new Linear(width, width));
    }

    /** {@code Sequential(PixelEmbedding(tokens, width), SelfAttention(width, heads))}: images in, {@code [batch, T, d]} out. */
    public static Sequential pixelLevel(Config config) {
        return new Sequential(new PixelEmbedding(config.tokens(), config.width()), new SelfAttention(config.width(), config.heads()));
    }

    public int width() {
        return width;
    }

    public int heads() {
        return heads;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        long[] s = Shapes.expect(g, x, this);
        int dh = width / heads;
        SDVariable rows = sd.reshape(x, -1, width);                           // [batch·T, d]
        SDVariable q = split(sd, x, query.forward(g, rows), dh);              // [batch, h, T, dh]
        SDVariable k = split(sd, x, key.forward(g, rows), dh);
        SDVariable v = split(sd, x, value.forward(g, rows), dh);
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(dh));  // [batch, h, T, T]
        // subtracts each row's maximum first (SameDiff's double softmax kernel gives NaN for rows whose scores are all below about -745)
        SDVariable attention = Activation.softmax(scores, -1);
        SDVariable o = sd.permute(sd.mmul(attention, v), 0, 2, 1, 3);         // [batch, T, h, dh]
        SDVariable merged = sd.reshape(o, -1, width);                          // [batch·T, d]
        return Shapes.record(g, sd.reshape(out.forward(g, merged), sd.shape(x)), s);   // [batch, T, d]
    }

    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 3 || s[2] != width) {
            throw new IllegalArgumentException(describe() + ": expected tokens [batch, T, " + width + "], got " + Shapes.show(s));
        }
        return s.clone();
    }

    /** {@code [batch·T, d]} → {@code [batch, h, T, dh]}. */
    private SDVariable split(SameDiff sd, SDVariable x, SDVariable rows, int dh) {
        return sd.permute(sd.reshape(rows, Shapes.batchShape(sd, x, -1, heads, dh)), 0, 2, 1, 3);
    }

    @Override
    public String describe() {
        return "SelfAttention(width=" + width + ", heads=" + heads + ")";
    }
}
