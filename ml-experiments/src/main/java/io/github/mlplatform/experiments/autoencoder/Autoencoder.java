package io.github.mlplatform.experiments.autoencoder;

import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.module.Shape;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Conv2d;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The seed's autoencoder (seed 000, "Autoencoder"), with PyTorch's module names so that its state
 * dict reads like the seed's ({@code encode.0.weight}, ..., {@code decode.2.bias}):
 *
 * <pre>
 * encode                                   shape after the step
 *   0  Conv2d(1 → 4, 2×2, stride 2)        [batch, 4, 14, 14]
 *   1  ReLU
 *   2  Conv2d(4 → 8, 2×2, stride 2)        [batch, 8, 7, 7]
 *   3  ReLU
 *   4  Flatten                             [batch, 392]
 *   5  Linear(392 → 32)                    [batch, 32]      the code
 * decode
 *   0  Linear(32 → 392)                    [batch, 392]
 *   1  ReLU
 *   2  Linear(392 → 784)                   [batch, 784]
 *   3  reshape                             [batch, 1, 28, 28]
 * </pre>
 *
 * Input {@code [batch, 1, 28, 28]} (pixels in [0, 1] in the experiment), output the reconstruction
 * of the same shape (no output activation, as the seed); {@value #PARAMETERS} parameters (see
 * {@link #PARAMETERS}). The encoder and the decoder are
 * modules of their own ({@link #encode()}, {@link #decode()}): build either into a model to map
 * images to codes or codes to images.
 */
public final class Autoencoder extends Module {

    /** Side of the square input image. */
    public static final int SIDE = 28;
    /** Size of the code. */
    public static final int CODE = 32;
    /** Size of the encoder's last feature map, flattened: 8 channels of 7 × 7. */
    public static final int FEATURES = 8 * 7 * 7;
    /** Number of scalar parameters, 333,780: 4·4+4, 8·16+8, 392·32+32, 32·392+392, 392·784+784. */
    public static final long PARAMETERS = 20 + 136 + 12_576 + 12_936 + 308_112;

    private final Sequential encode;
    private final Sequential decode;

    public Autoencoder() {
        encode = register("encode", encoder());
        decode = register("decode", decoder());
    }

    /** {@code [batch, 1, 28, 28]} → {@code [batch, 32]}: the seed's {@code encode}. */
    public static Sequential encoder() {
        return new Sequential(
                new Conv2d(1, 4, 2, 2, 0),
                Activation.relu(),
                new Conv2d(4, 8, 2, 2, 0),
                Activation.relu(),
                new Flatten(),
                new Linear(FEATURES, CODE));
    }

    /** {@code [batch, 32]} → {@code [batch, 1, 28, 28]}: the seed's {@code decode}. */
    public static Sequential decoder() {
        return new Sequential(
                new Linear(CODE, FEATURES),
                Activation.relu(),
                new Linear(FEATURES, SIDE * SIDE),
                new Reshape(1, SIDE, SIDE));
    }

    /** This autoencoder's encoder (the module itself, sharing its parameters). */
    public Sequential encode() {
        return encode;
    }

    /** This autoencoder's decoder (the module itself, sharing its parameters). */
    public Sequential decode() {
        return decode;
    }

    @Override
    public SDVariable forward(Graph g, SDVariable x) {
        return decode.forward(g, encode.forward(g, x));
    }

    @Override
    public long[] outputShape(long[] inputShape) {
        long[] code = Shape.outputOf(encode, inputShape);
        return code == null ? null : Shape.outputOf(decode, code);
    }

    @Override
    public String describe() {
        return "Autoencoder(code=" + CODE + ")";
    }

    /**
     * Reshapes each example to a fixed shape, keeping the batch: the seed's
     * {@code LambdaModule(lambda x: x.reshape(-1, 1, 28, 28))}. The batch size is read from the
     * input at run time, so the replaying executor serves any batch size.
     */
    static final class Reshape extends Module {

        private final long[] shape;

        Reshape(long... shape) {
            this.shape = shape.clone();
        }

        @Override
        public SDVariable forward(Graph g, SDVariable x) {
            SameDiff sd = g.sd();
            SDVariable batch = sd.slice(sd.shape(x), new int[]{0}, 1);
            return sd.reshape(x, sd.concat(0, batch, sd.constant(Nd4j.createFromArray(shape))));
        }

        @Override
        public long[] outputShape(long[] s) {
            long per = 1;
            for (long d : shape) {
                per *= d;
            }
            if (Shape.perExample(s) != per) {
                throw new IllegalArgumentException("Reshape" + java.util.Arrays.toString(shape) + ": expected " + per
                        + " values per example, got " + Shape.show(s));
            }
            long[] out = new long[shape.length + 1];
            out[0] = s[0];
            System.arraycopy(shape, 0, out, 1, shape.length);
            return out;
        }

        @Override
        public String describe() {
            return "Reshape(-1, " + java.util.Arrays.toString(shape).replaceAll("[\\[\\]]", "") + ")";
        }
    }
}
