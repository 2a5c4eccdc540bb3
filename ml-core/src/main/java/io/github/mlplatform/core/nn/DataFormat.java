package io.github.mlplatform.core.nn;

/**
 * Where the channels of a batch of images are: {@link #NCHW} ({@code [batch, channels, height, width]},
 * PyTorch's default and this platform's) or {@link #NHWC} ({@code [batch, height, width, channels]},
 * "channels last": PyTorch's {@code torch.channels_last} memory format, TensorFlow's default).
 *
 * <p>The two compute the same function. They differ in speed: ND4J's oneDNN convolutions run in a
 * channels-last layout, so an NCHW convolution reorders its input and output on every call, and a
 * stack of NHWC convolutions, ReLUs and pooling skips those copies (docs/results.md, "Convolution").
 * {@link Permute} converts between the two ({@link #TO_NHWC}, {@link #TO_NCHW}).
 */
public enum DataFormat {
    /** {@code [batch, channels, height, width]}. */
    NCHW,
    /** {@code [batch, height, width, channels]}. */
    NHWC;

    /** The axes that take an NCHW array to NHWC: {@code permute(0, 2, 3, 1)}. */
    public static final int[] TO_NHWC = {0, 2, 3, 1};
    /** The axes that take an NHWC array to NCHW: {@code permute(0, 3, 1, 2)}. */
    public static final int[] TO_NCHW = {0, 3, 1, 2};

    /** The axis of the channels: 1 or 3. */
    public int channelAxis() {
        return this == NCHW ? 1 : 3;
    }

    /** The axis of the height: 2 or 1 (the width follows it). */
    public int heightAxis() {
        return this == NCHW ? 2 : 1;
    }

    /** {@code [batch, c, h, w]} or {@code [batch, h, w, c]}. */
    long[] shape(long batch, long c, long h, long w) {
        return this == NCHW ? new long[]{batch, c, h, w} : new long[]{batch, h, w, c};
    }

    /** How a shape of this format is written, e.g. {@code [batch, 32, H, W]}. */
    String show(String c) {
        return this == NCHW ? "[batch, " + c + ", H, W]" : "[batch, H, W, " + c + "]";
    }
}
