package io.github.mlplatform.viz.anim;

import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.Images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * One-call animated GIFs (see {@link AnimationWriter} for streaming). The seed animated its
 * sliding windows over the tapestry / ribbon ({@code imshow(img, cmap="gray_r")}, 100 ms per
 * frame) and the {@link Triptych} frames of the invariance network (200 ms per frame), both
 * with a 500 ms repeat delay.
 */
public final class Animation {

    private Animation() {
    }

    /** Writes the frames (consumed one at a time) as a GIF; returns {@code file}. */
    public static Path write(Path file, Iterable<BufferedImage> frames, AnimationConfig config) throws IOException {
        try (AnimationWriter w = AnimationWriter.open(file, config)) {
            try {
                for (BufferedImage f : frames) {
                    w.append(f);
                }
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
        }
        return file;
    }

    /**
     * Writes matrices as frames, each drawn with {@code colormap} over its own [min, max] (the
     * seed's per-frame imshow) or over a fixed [vmin, vmax], scaled by {@code scale}.
     */
    public static Path writeMatrices(Path file, Iterator<double[][]> frames, Colormap colormap, double vmin, double vmax,
                                     int scale, AnimationConfig config) throws IOException {
        try (AnimationWriter w = AnimationWriter.open(file, config)) {
            try {
                while (frames.hasNext()) {
                    w.append(Images.fromMatrix(frames.next(), colormap, vmin, vmax, scale));
                }
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
        }
        return file;
    }
}
