package io.github.mlplatform.viz.image;

import io.github.mlplatform.core.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Writes a {@link BufferedImage} atomically, in the format named by the file extension (png, gif, jpg, bmp). */
public final class ImageFiles {

    private ImageFiles() {
    }

    /** Writes {@code image} to {@code file} (temp file + rename); the extension picks the format. */
    public static Path write(BufferedImage image, Path file) throws IOException {
        String format = formatOf(file);
        BufferedImage img = image;
        if ((format.equals("jpg") || format.equals("bmp")) && image.getColorModel().hasAlpha()) {
            img = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            img.createGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
        }
        BufferedImage out = img;
        AtomicFiles.write(file, stream -> {
            if (!ImageIO.write(out, format, stream)) {
                throw new IOException(file + ": no ImageIO writer for format " + format);
            }
        });
        return file;
    }

    /** The image format of a file name: png, gif, jpg or bmp. */
    public static String formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        return switch (ext) {
            case "png" -> "png";
            case "gif" -> "gif";
            case "jpg", "jpeg" -> "jpg";
            case "bmp" -> "bmp";
            default -> throw new IllegalArgumentException(
                    "image file '" + file + "': expected extension .png, .gif, .jpg or .bmp");
        };
    }
}
