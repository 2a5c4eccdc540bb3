package io.github.mlplatform.experiments.attention;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.nn.AvgPool2d;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.MaxPool2d;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.layers.LayerNorm;
import io.github.mlplatform.layers.PixelEmbedding;
import io.github.mlplatform.layers.Residual;
import io.github.mlplatform.layers.SelfAttention;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.ArrayList;
import java.util.List;

/**
 * Pixel-level self-attention on MNIST (seed 000, "Self-attention"): every pixel a token, attention
 * layers over all tokens, a linear classifier on the flattened tokens. With side {@code s} (28, or
 * 14 after 2×2 pooling), {@code T = s²} tokens of width {@code d}, {@code h} heads and {@code L}
 * layers, shapes for input {@code [batch, 1, 28, 28]}:
 * <pre>
 * pool        MaxPool2d(2) or AvgPool2d(2), only for s = 14    [batch, 1, 14, 14]
 * embed       PixelEmbedding(T, d): x[t]·w + b + p[t]          [batch, T, d]
 * blocks.i    Residual(LayerNorm((T, d)) → SelfAttention(d, h)),  i = 0 … L−1:
 *             x + Attention(LayerNorm(x))  (pre-norm, as the seed's Residual(LayerNorm((196, 8)), …))
 *                                                              [batch, T, d]
 * head        Flatten → Linear(T·d → 10)                       [batch, 10]   logits
 * </pre>
 * With {@code L = 0} it is the baseline of the measured claim: the same tokens and head without
 * attention, which (the embedding being linear in the pixel) is a linear classifier of the pixels.
 * Parameters: {@code embed} {@code 2d + T·d}; each block {@code 2·T·d} (LayerNorm) {@code + 4d² + d}
 * (query, key, value, out); head {@code 10·T·d + 10}.
 *
 * <p>{@link #maps()} is the same network (same parameter names) answering with the attention
 * weights of every layer instead of the logits: {@code [batch, L·h, T, T]}, channel {@code l·h + k}
 * layer {@code l}, head {@code k}, row {@code i} the weights query token {@code i} gives every key
 * token (each row sums to 1). Load a trained model's state dict into a model of it to see where the
 * trained attention looks.
 */
public final class AttentionNet extends Module {

    /** Output classes. */
    public static final int CLASSES = 10;
    /** Side of an MNIST image. */
    public static final int SIDE = 28;

    /**
     * The network's shape.
     *
     * @param side   image side after pooling, 28 (no pooling) or 14 (2×2 pooling)
     * @param pool   the 2×2 pooling used when {@code side} is 14
     * @param width  token width d
     * @param heads  attention heads h (width a multiple of heads)
     * @param layers attention layers L (0 = the baseline without attention)
     */
    public record Spec(int side, Pooling pool, int width, int heads, int layers) {
        public Spec {
            if (side != 28 && side != 14) {
                throw new IllegalArgumentException("AttentionNet: side must be 28 or 14, got " + side);
            }
            if (width < 1 || heads < 1 || width % heads != 0 || layers < 0) {
                throw new IllegalArgumentException("AttentionNet: need width a positive multiple of heads and layers >= 0, got width "
                        + width + ", heads " + heads + ", layers " + layers);
            }
        }

        /** Tokens per image, {@code side²}. */
        public int tokens() {
            return side * side;
        }

        /** The same network without attention layers. */
        public Spec withoutAttention() {
            return new Spec(side, pool, width, heads, 0);
        }
    }

    /** The 2×2 pooling that halves the image (PyTorch's {@code MaxPool2d(2)} / {@code AvgPool2d(2)}). */
    public enum Pooling {
        /** Maximum of each 2×2 block (the seed's {@code MaxPool2d(2)}). */
        MAX,
        /** Mean of each 2×2 block. */
        AVG
    }

    private final Spec spec;
    private final boolean maps;
    private final Module pool;
    private final PixelEmbedding embed;
    private final List<Residual> blocks = new ArrayList<>();
    private final Sequential head;

    public AttentionNet(Spec spec) {
        this(spec, false);
    }

    private AttentionNet(Spec spec, boolean maps) {
        this.spec = spec;
        this.maps = maps;
        this.pool = spec.side() == SIDE ? null : spec.pool() == Pooling.MAX ? new MaxPool2d(2) : new AvgPool2d(2);
        int t = spec.tokens();
        this.embed = register("embed", new PixelEmbedding(t, spec.width()));
        Sequential all = new Sequential();
        for (int i = 0; i < spec.layers(); i++) {
            Residual r = new Residual(new Sequential(new LayerNorm(t, spec.width()), new SelfAttention(spec.width(), spec.heads())));
            blocks.add(r);
            all.add(r);
        }
        register("blocks", all);
        this.head = register("head", new Sequential(new Flatten(), new Linear((long) t * spec.width(), CLASSES)));
    }

    public Spec spec() {
        return spec;
    }

    /** A fresh network of the same spec whose output is the attention weights of every layer (see the class comment). */
    public AttentionNet maps() {
        if (spec.layers() == 0) {
            throw new IllegalStateException("AttentionNet: the network has no attention layers to draw");
        }
        return new AttentionNet(spec, true);
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SDVariable h = embed.forward(g, pool == null ? x : pool.forward(g, x));     // [batch, T, d]
        List<SDVariable> weights = new ArrayList<>();
        for (Residual block : blocks) {
            if (maps) {
                Sequential inner = (Sequential) block.network();
                SDVariable normed = inner.get(0).forward(g, h);
                weights.add(((SelfAttention) inner.get(1)).weights(g, normed));   // [batch, h, T, T]
            }
            h = block.forward(g, h);
        }
        if (maps) {
            return weights.size() == 1 ? weights.get(0) : g.sd().concat(1, weights.toArray(new SDVariable[0]));
        }
        return head.forward(g, h);                                                 // [batch, 10]
    }

    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 4 || s[1] != 1 || s[2] != SIDE || s[3] != SIDE) {
            throw new IllegalArgumentException(describe() + ": expected images [batch, 1, 28, 28], got " + Shape.show(s));
        }
        int t = spec.tokens();
        return maps ? new long[]{s[0], (long) spec.layers() * spec.heads(), t, t} : new long[]{s[0], CLASSES};
    }

    @Override
    public String describe() {
        return "AttentionNet(side=" + spec.side() + (spec.side() == SIDE ? "" : ", pool=" + spec.pool().name().toLowerCase())
                + ", width=" + spec.width() + ", heads=" + spec.heads() + ", layers=" + spec.layers() + (maps ? ", output=attention weights" : "") + ")";
    }
}
