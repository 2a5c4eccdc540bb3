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
        SDVariable attention = weights(g, x, rows, dh);                        // [batch, h, T, T]
        SDVariable v = split(sd, x, value.forward(g, rows), dh);              // [batch, h, T, dh]
        SDVariable o = sd.permute(sd.mmul(attention, v), 0, 2, 1, 3);         // [batch, T, h, dh]
        SDVariable merged = sd.reshape(o, -1, width);                          // [batch·T, d]
        return Shapes.record(g, sd.reshape(out.forward(g, merged), sd.shape(x)), s);   // [batch, T, d]
    }

    /**
     * The attention weights {@code A = softmax(Q·Kᵀ/√(d/h))} that {@link #forward} applies to the
     * values, as a graph output: {@code [batch, h, T, T]}, entry {@code [b, head, i, j]} the weight
     * query token {@code i} gives key token {@code j} in that head; each row (over {@code j}) is
     * non-negative and sums to 1. The same ops and parameters as {@code forward} (which calls this),
     * so a model built from a module that returns this output, loaded with a trained state dict,
     * shows where the trained attention looks (ml-experiments' {@code self-attention} maps).
     *
     * @param x tokens {@code [batch, T, d]}
     * @throws IllegalArgumentException if {@code x} is known not to be {@code [batch, T, d]}
     */
    public SDVariable weights(Graph g, SDVariable x) {
        Shapes.expect(g, x, this);
        SDVariable a = weights(g, x, g.sd().reshape(x, -1, width), width / heads);
        long[] s = Shapes.infer(g, x);
        return s == null ? a : Shapes.record(g, a, new long[]{s[0], heads, s[1], s[1]});
    }

    private SDVariable weights(Graph g, SDVariable x, SDVariable rows, int dh) {
        SameDiff sd = g.sd();
        // the 1/√dh scale on q [batch, h, T, dh], not on the scores [batch, h, T, T]: T/dh times fewer products
        SDVariable q = split(sd, x, query.forward(g, rows), dh).mul(1.0 / Math.sqrt(dh));  // [batch, h, T, dh]
        SDVariable k = split(sd, x, key.forward(g, rows), dh);
        SDVariable scores = sd.mmul(q, k, false, true, false);                // [batch, h, T, T]
        // subtracts each row's maximum first (SameDiff's double softmax kernel gives NaN for rows whose scores are all below about -745)
        return Activation.softmax(scores, -1);
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
