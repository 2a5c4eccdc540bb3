package io.github.mlplatform.viz.anim;

import io.github.mlplatform.viz.image.Colormap;
import io.github.mlplatform.viz.image.Images;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Node;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnimationWriterTest {

    /** What a GIF holds, read back with ImageIO's own reader. */
    record Gif(int frames, List<Integer> delays, List<byte[]> netscape, List<BufferedImage> images) {
    }

    static Gif read(Path file) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader r = ImageIO.getImageReadersByFormatName("gif").next();
            r.setInput(in, false);
            int n = r.getNumImages(true);
            List<Integer> delays = new ArrayList<>();
            List<byte[]> netscape = new ArrayList<>();
            List<BufferedImage> images = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                IIOMetadata meta = r.getImageMetadata(i);
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_gif_image_1.0");
                for (Node c = root.getFirstChild(); c != null; c = c.getNextSibling()) {
                    if (c.getNodeName().equals("GraphicControlExtension")) {
                        delays.add(Integer.parseInt(((IIOMetadataNode) c).getAttribute("delayTime")));
                    }
                    if (c.getNodeName().equals("ApplicationExtensions")) {
                        for (Node a = c.getFirstChild(); a != null; a = a.getNextSibling()) {
                            IIOMetadataNode app = (IIOMetadataNode) a;
                            if ("NETSCAPE".equals(app.getAttribute("applicationID"))
                                    && "2.0".equals(app.getAttribute("authenticationCode"))) {
                                netscape.add((byte[]) app.getUserObject());
                            }
                        }
                    }
                }
                images.add(r.read(i));
            }
            r.dispose();
            return new Gif(n, delays, netscape, images);
        }
    }

    private static BufferedImage frame(int i) {
        double[][] m = new double[6][8];
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 8; c++) {
                m[r][c] = (r * 8 + c + i * 5) % 48;
            }
        }
        return Images.fromMatrix(m, Colormap.GRAY, 0, 47, 2);
    }

    @Test
    void framesDelaysAndLoopExtensionReadBack(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("anim.gif");
        AnimationConfig cfg = new AnimationConfig(120, 500, 0);
        try (AnimationWriter w = AnimationWriter.open(gif, cfg)) {
            for (int i = 0; i < 5; i++) {
                w.append(frame(i));
                assertThat(Files.exists(gif)).as("nothing at the target before close").isFalse();
            }
            assertThat(w.frameCount()).isEqualTo(5);
        }
        Gif g = read(gif);
        assertThat(g.frames()).isEqualTo(5);
        // 120 ms = 12 centiseconds; the last frame adds the 500 ms repeat delay: 62
        assertThat(g.delays()).containsExactly(12, 12, 12, 12, 62);
        assertThat(g.netscape()).hasSize(1);
        assertThat(g.netscape().get(0)).containsExactly(1, 0, 0); // sub-block id 1, loop count 0 = forever
        for (int i = 0; i < 5; i++) {
            BufferedImage want = frame(i);
            BufferedImage got = g.images().get(i);
            assertThat(got.getWidth()).isEqualTo(16);
            assertThat(got.getHeight()).isEqualTo(12);
            for (int y = 0; y < 12; y++) {
                for (int x = 0; x < 16; x++) {
                    assertThat(got.getRGB(x, y) & 0xFFFFFF).as("frame %d pixel %d,%d", i, x, y)
                            .isEqualTo(want.getRGB(x, y) & 0xFFFFFF);
                }
            }
        }
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("anim.gif");
        }
    }

    @Test
    void loopCountIsWrittenLittleEndianAndMinusOneOmitsTheExtension(@TempDir Path dir) throws Exception {
        Path three = Animation.write(dir.resolve("three.gif"), List.of(frame(0), frame(1)), AnimationConfig.ofDelay(100).withLoopCount(300));
        Gif g = read(three);
        assertThat(g.netscape().get(0)).containsExactly(1, 300 & 0xFF, 300 >> 8);
        assertThat(g.delays()).containsExactly(10, 10);
        Path once = Animation.write(dir.resolve("once.gif"), List.of(frame(0), frame(1)), AnimationConfig.ofDelay(100).withLoopCount(-1));
        assertThat(read(once).netscape()).isEmpty();
    }

    @Test
    void theSeedsDefaultsAre200MillisAndA500MillisRepeatDelay() {
        AnimationConfig d = AnimationConfig.defaults();
        assertThat(d.delayCentis()).isEqualTo(20);
        assertThat(d.lastDelayCentis()).isEqualTo(70);
        assertThat(d.loopCount()).isZero();
    }

    @Test
    void framesWithManyColoursAreQuantisedNotRejected(@TempDir Path dir) throws Exception {
        BufferedImage colourful = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                colourful.setRGB(x, y, (x * 8) << 16 | (y * 8) << 8 | 77);
            }
        }
        Path gif = Animation.write(dir.resolve("c.gif"), List.of(colourful, colourful), AnimationConfig.ofDelay(50));
        assertThat(read(gif).frames()).isEqualTo(2);
    }

    @Test
    void wrongFrameSizeAbortAndMissingFrames(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("bad.gif");
        AnimationWriter w = AnimationWriter.open(gif, AnimationConfig.defaults());
        w.append(frame(0));
        assertThatThrownBy(() -> w.append(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 x 12");
        w.abort();
        w.close();
        try (var s = Files.list(dir)) {
            assertThat(s.count()).as("abort leaves nothing behind").isZero();
        }
        AnimationWriter empty = AnimationWriter.open(dir.resolve("empty.gif"), AnimationConfig.defaults());
        assertThatThrownBy(empty::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("no frames");
        try (var s = Files.list(dir)) {
            assertThat(s.count()).isZero();
        }
        assertThatThrownBy(() -> AnimationWriter.open(dir.resolve("x.png"), AnimationConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".gif");
    }

    @Test
    void aFailingFrameSourceLeavesNoPartialAnimation(@TempDir Path dir) {
        Iterable<BufferedImage> failing = () -> new java.util.Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public BufferedImage next() {
                if (i++ == 2) {
                    throw new IllegalStateException("simulated failure");
                }
                return frame(i);
            }
        };
        assertThatThrownBy(() -> Animation.write(dir.resolve("partial.gif"), failing, AnimationConfig.defaults()))
                .hasMessageContaining("simulated failure");
        assertThat(dir.resolve("partial.gif")).doesNotExist();
    }
}
