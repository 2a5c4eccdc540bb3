package io.github.mlplatform.viz.anim;

import io.github.mlplatform.core.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Streams an animated GIF frame by frame with the JDK's {@code javax.imageio} GIF writer, so a
 * long animation needs memory for two frames only (the one being written and the held-back last
 * one, which gets the repeat delay). Each frame carries a GraphicControlExtension with
 * {@code delayTime} in 1/100 s (disposal "none"); the first carries the NETSCAPE2.0 application
 * extension with the loop count (0 = forever). Frames with at most 256 distinct colours (every
 * grey frame) are stored with an exact palette, others with the nearest colours of Java's
 * default 256-colour palette; every frame carries its own (local) colour table.
 *
 * <p>The GIF is written to a temporary file next to the target and moved over it on
 * {@link #close()} (through {@link AtomicFiles}), so a killed run leaves no half GIF behind;
 * {@link #abort()} drops it. This replaces the seed's matplotlib {@code ArtistAnimation}.
 *
 * <pre>{@code
 * try (AnimationWriter gif = AnimationWriter.open(path, AnimationConfig.defaults())) {
 *     for (...) gif.append(frame);
 * }
 * }</pre>
 * {@code close()} publishes every frame appended so far; when the producing loop fails, call
 * {@link #abort()} first (as {@link Animation} does) so that no partial animation appears.
 */
public final class AnimationWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnimationWriter.class);

    private final Path target;
    private final Path temp;
    private final AnimationConfig config;
    private final ImageWriter writer;
    private final ImageOutputStream stream;
    private BufferedImage pending;
    private int width = -1;
    private int height = -1;
    private int written;
    private boolean closed;

    private AnimationWriter(Path target, Path temp, AnimationConfig config, ImageWriter writer, ImageOutputStream stream) {
        this.target = target;
        this.temp = temp;
        this.config = config;
        this.writer = writer;
        this.stream = stream;
    }

    /** Starts a GIF that will appear at {@code target} when the writer is closed. */
    public static AnimationWriter open(Path target, AnimationConfig config) throws IOException {
        if (config == null) {
            throw new IllegalArgumentException("config: expected an AnimationConfig, got null");
        }
        String name = target.getFileName().toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".gif")) {
            throw new IllegalArgumentException("animation file '" + target + "': expected extension .gif");
        }
        Path abs = target.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path temp = Files.createTempFile(abs.getParent(), "." + name + ".", ".part");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            Files.deleteIfExists(temp);
            throw new IOException("no GIF ImageWriter available in this JDK");
        }
        ImageWriter writer = writers.next();
        ImageOutputStream stream = null;
        try {
            stream = ImageIO.createImageOutputStream(temp.toFile());
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
        } catch (IOException | RuntimeException e) {
            if (stream != null) {
                stream.close();
            }
            writer.dispose();
            Files.deleteIfExists(temp);
            throw e;
        }
        return new AnimationWriter(abs, temp, config, writer, stream);
    }

    /** Appends a frame; every frame must have the first frame's size. */
    public void append(BufferedImage frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("animation " + target + " is already closed");
        }
        if (frame == null) {
            throw new IllegalArgumentException("frame: expected an image, got null");
        }
        if (width < 0) {
            width = frame.getWidth();
            height = frame.getHeight();
        } else if (frame.getWidth() != width || frame.getHeight() != height) {
            throw new IllegalArgumentException("frame " + (written + (pending == null ? 0 : 1)) + ": expected "
                    + width + " x " + height + " pixels like the first frame, got " + frame.getWidth() + " x "
                    + frame.getHeight());
        }
        BufferedImage indexed = toIndexed(frame);
        if (pending != null) {
            writeFrame(pending, config.delayCentis());
        }
        pending = indexed;
    }

    /** Frames appended so far. */
    public int frameCount() {
        return written + (pending == null ? 0 : 1);
    }

    /** Writes the last frame and the trailer and moves the GIF into place. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean ok = false;
        try {
            if (pending == null) {
                throw new IllegalStateException("animation " + target + ": no frames were appended");
            }
            writeFrame(pending, config.lastDelayCentis());
            pending = null;
            writer.endWriteSequence();
            stream.close();
            AtomicFiles.writeVia(target, tmp -> Files.move(temp, tmp, StandardCopyOption.REPLACE_EXISTING));
            ok = true;
            LOG.info("wrote animation {} ({} frames, {} x {})", target, written, width, height);
        } finally {
            writer.dispose();
            if (!ok) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // already failing
                }
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Discards the animation: nothing appears at the target. */
    public void abort() {
        if (closed) {
            return;
        }
        closed = true;
        writer.dispose();
        try {
            stream.close();
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + temp, e);
        }
    }

    private void writeFrame(BufferedImage img, int delayCentis) throws IOException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "none");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "FALSE");
        gce.setAttribute("delayTime", Integer.toString(delayCentis));
        gce.setAttribute("transparentColorIndex", "0");
        if (written == 0 && config.loopCount() >= 0) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            int n = config.loopCount();
            app.setUserObject(new byte[] {0x1, (byte) (n & 0xFF), (byte) ((n >> 8) & 0xFF)});
            apps.appendChild(app);
        }
        // every frame carries its own palette (ImageIO would otherwise index into its default global table)
        IndexColorModel icm = (IndexColorModel) img.getColorModel();
        IIOMetadataNode lct = child(root, "LocalColorTable");
        while (lct.getFirstChild() != null) {
            lct.removeChild(lct.getFirstChild());
        }
        int used = icm.getMapSize();
        int size = 2;
        while (size < used) {
            size <<= 1; // GIF tables have 2, 4, ..., 256 entries
        }
        lct.setAttribute("sizeOfLocalColorTable", Integer.toString(size));
        lct.setAttribute("sortFlag", "FALSE");
        for (int k = 0; k < size; k++) {
            IIOMetadataNode entry = new IIOMetadataNode("ColorTableEntry");
            entry.setAttribute("index", Integer.toString(k));
            entry.setAttribute("red", Integer.toString(k < used ? icm.getRed(k) : 0));
            entry.setAttribute("green", Integer.toString(k < used ? icm.getGreen(k) : 0));
            entry.setAttribute("blue", Integer.toString(k < used ? icm.getBlue(k) : 0));
            lct.appendChild(entry);
        }
        meta.setFromTree(format, root);
        writer.writeToSequence(new IIOImage(img, null, meta), param);
        written++;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /**
     * An 8-bit palette image: exact when the frame has at most 256 colours, otherwise the nearest
     * colours of Java's default 256-colour palette.
     */
    static BufferedImage toIndexed(BufferedImage frame) {
        if (frame.getType() == BufferedImage.TYPE_BYTE_INDEXED && frame.getColorModel() instanceof IndexColorModel) {
            return frame;
        }
        int w = frame.getWidth();
        int h = frame.getHeight();
        int[] rgb = frame.getRGB(0, 0, w, h, null, 0, w);
        Map<Integer, Integer> index = new HashMap<>();
        byte[] idx = new byte[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            int c = rgb[i] & 0xFFFFFF;
            Integer k = index.get(c);
            if (k == null) {
                if (index.size() == 256) {
                    // more than 256 colours: nearest colour of Java's default 256-colour palette
                    BufferedImage q = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED);
                    java.awt.Graphics2D g = q.createGraphics();
                    g.setRenderingHint(java.awt.RenderingHints.KEY_DITHERING, java.awt.RenderingHints.VALUE_DITHER_DISABLE);
                    g.drawImage(frame, 0, 0, null);
                    g.dispose();
                    return q;
                }
                k = index.size();
                index.put(c, k);
            }
            idx[i] = (byte) (int) k;
        }
        int size = Math.max(2, Integer.highestOneBit(Math.max(1, index.size() - 1)) << 1);
        size = Math.min(256, size);
        byte[] r = new byte[size];
        byte[] g = new byte[size];
        byte[] b = new byte[size];
        for (Map.Entry<Integer, Integer> e : index.entrySet()) {
            int c = e.getKey();
            int k = e.getValue();
            r[k] = (byte) (c >> 16);
            g[k] = (byte) (c >> 8);
            b[k] = (byte) c;
        }
        IndexColorModel cm = new IndexColorModel(8, size, r, g, b);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, cm);
        out.getRaster().setDataElements(0, 0, w, h, idx);
        return out;
    }
}
