package io.github.mlplatform.experiments.comparative;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import io.github.mlplatform.experiments.autoencoder.Autoencoder;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * "Are these two digits the same?": one encoder applied to both images of a pair, a comparison
 * head on the two codes, one logit out (seed 000, "Comparative": "ask network to determine if two
 * input images are the same; similar to k-nearest neighbours").
 *
 * <pre>
 *                                           shape after the step
 * input, the pair as two channels           [batch, 2, 28, 28]
 * reshape, image after image                [2·batch, 1, 28, 28]
 * encode (the seed autoencoder's encoder)   [2·batch, 32]
 *   Conv2d(1 → 4, 2×2, s 2), ReLU, Conv2d(4 → 8, 2×2, s 2), ReLU, Flatten, Linear(392 → 32)
 * reshape, the two codes of each pair       [batch, 2, 32]          (a, b)
 * head
 *   compare: |a − b| beside a ⊙ b           [batch, 64]
 *   Linear(64 → 64), ReLU                   [batch, 64]
 *   Linear(64 → 1)                          [batch, 1]              the logit of "same"
 * </pre>
 *
 * <p><b>Two inputs, one input placeholder.</b> ml-core's {@code Model} has one input; the pair is
 * stacked as two channels and the encoder runs once on the {@code 2·batch} images (a free reshape:
 * row-major, image 2i is pair i's first, 2i + 1 its second). So the two images go through the same
 * parameters by construction, not by tying two copies, and their gradients add up in those
 * parameters. The head is symmetric: swapping the two images gives the same logit.
 *
 * <p><b>Why this encoder and head.</b> The encoder is the seed's own (its autoencoder's, 12,732
 * parameters): small enough that a pair costs about as much as one LeNet image, and its codes
 * already keep the classes apart (kNN 95% in {@code ml run autoencoder}). {@code |a − b|} and
 * {@code a ⊙ b} are the usual symmetric comparison features of a siamese network (distance-like
 * and agreement-like); a plain concatenation would have to learn the symmetry. Trained with binary
 * cross-entropy on the logit ({@code σ(logit)} = probability of "same").
 *
 * <p>{@link #encode()} and {@link #head()} are modules of their own: build the encoder into a model
 * to map images {@code [n, 1, 28, 28]} to codes {@code [n, 32]}, and the head to score stacked code
 * pairs {@code [n, 2, 32]}, which gives the same logits as the whole network on the images (how the
 * experiment compares 10,000 test digits with every reference without encoding each again).
 * {@value #PARAMETERS} parameters.
 */
public final class ComparativeNet extends Module {

    /** Side of the square input image. */
    public static final int SIDE = 28;
    /** Size of one image's code. */
    public static final int CODE = Autoencoder.CODE;
    /** Width of the head's hidden layer. */
    public static final int HIDDEN = 64;
    /** Scalar parameters, 17,957: the encoder's 20 + 136 + 12,576, the head's 128·64 + 64 and 64 + 1. */
    public static final long PARAMETERS = 20 + 136 + 12_576 + 2 * CODE * HIDDEN + HIDDEN + HIDDEN + 1;

    private final Sequential encode;
    private final Sequential head;

    public ComparativeNet() {
        encode = register("encode", Autoencoder.encoder());
        head = register("head", new Sequential(new Compare(), new Linear(2 * CODE, HIDDEN), Activation.relu(), new Linear(HIDDEN, 1)));
    }

    /** The shared encoder, {@code [n, 1, 28, 28]} → {@code [n, 32]} (the module itself, sharing its parameters). */
    public Sequential encode() {
        return encode;
    }

    /** The comparison head, {@code [n, 2, 32]} → {@code [n, 1]} logits (the module itself, sharing its parameters). */
    public Sequential head() {
        return head;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        SameDiff sd = g.sd();
        SDVariable images = sd.reshape(x, -1, 1, SIDE, SIDE);
        g.knowShape(images, new long[]{-1, 1, SIDE, SIDE});
        SDVariable codes = sd.reshape(encode.forward(g, images), -1, 2, CODE);
        g.knowShape(codes, new long[]{-1, 2, CODE});
        return head.forward(g, codes);
    }

    /** {@code [batch, 1]} for {@code [batch, 2, 28, 28]}; fails naming the shape otherwise. */
    @Override
    public long[] outputShape(long[] s) {
        if (s.length != 4 || s[1] != 2 || s[2] != SIDE || s[3] != SIDE) {
            throw new IllegalArgumentException("ComparativeNet: expected pairs [batch, 2, 28, 28], got " + Shape.show(s));
        }
        return new long[]{s[0], 1};
    }

    @Override
    public String describe() {
        return "ComparativeNet(code=" + CODE + ", hidden=" + HIDDEN + ")";
    }

    /**
     * The symmetric comparison of two codes: {@code [batch, 2, d]} (codes a, b) →
     * {@code [batch, 2d]} = {@code |a − b|} beside {@code a ⊙ b}. No parameters.
     */
    static final class Compare extends Module {

        @Override
        public SDVariable forward(Graph g, SDVariable x) {
            SameDiff sd = g.sd();
            SDVariable a = x.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
            SDVariable b = x.get(SDIndex.all(), SDIndex.point(1), SDIndex.all());
            return sd.concat(1, sd.math().abs(a.sub(b)), a.mul(b));
        }

        @Override
        public long[] outputShape(long[] s) {
            if (s.length != 3 || s[1] != 2) {
                throw new IllegalArgumentException("Compare: expected two codes per example [batch, 2, d], got " + Shape.show(s));
            }
            return new long[]{s[0], 2 * s[2]};
        }

        @Override
        public String describe() {
            return "Compare(|a - b|, a * b)";
        }
    }
}
