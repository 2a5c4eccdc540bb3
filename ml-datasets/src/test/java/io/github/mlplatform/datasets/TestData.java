package io.github.mlplatform.datasets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test helpers that build IDX bytes by hand (independently of IdxWriter) and synthetic data sets. */
public final class TestData {

    private TestData() {
    }

    /** IDX bytes: 0x00 0x00 type rank, big-endian dims, data. */
    public static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    /** Unsigned-byte IDX bytes. */
    public static byte[] idx(int[] dims, byte[] data) {
        return idx(0x08, dims, data);
    }

    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a directory tree (test clean-up). */
    public static void deleteTree(Path dir) {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pixels of {@code count} images of rows x cols where pixel (k, r, c) = (k*7 + r*3 + c + salt) mod 256. */
    public static byte[] codedPixels(int count, int rows, int cols, int salt) {
        byte[] px = new byte[count * rows * cols];
        for (int k = 0; k < count; k++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    px[(k * rows + r) * cols + c] = (byte) codedValue(k, r, c, salt);
                }
            }
        }
        return px;
    }

    public static int codedValue(int k, int r, int c, int salt) {
        return (k * 7 + r * 3 + c + salt) & 0xFF;
    }

    /** Labels k mod numClasses. */
    public static byte[] cyclicLabels(int count, int numClasses) {
        byte[] l = new byte[count];
        for (int i = 0; i < count; i++) {
            l[i] = (byte) (i % numClasses);
        }
        return l;
    }

    /** A tiny data set spec "toy": 4x4 images, 3 classes, train 6, test 2, digests of the given content. */
    public static final class Toy {
        public static final int ROWS = 4;
        public static final int COLS = 4;
        public static final int TRAIN = 6;
        public static final int TEST = 2;
        public static final List<String> CLASSES = List.of("a", "b", "c");

        public final byte[] trainImages = idx(new int[] {TRAIN, ROWS, COLS}, codedPixels(TRAIN, ROWS, COLS, 0));
        public final byte[] trainLabels = idx(new int[] {TRAIN}, cyclicLabels(TRAIN, 3));
        public final byte[] testImages = idx(new int[] {TEST, ROWS, COLS}, codedPixels(TEST, ROWS, COLS, 100));
        public final byte[] testLabels = idx(new int[] {TEST}, cyclicLabels(TEST, 3));

        public DatasetSpec spec(List<java.net.URI> mirrors) {
            return new DatasetSpec("toy", "Toy", ROWS, COLS, CLASSES,
                    new DatasetSpec.Split(new DatasetFile("train-images-idx3-ubyte", sha256(trainImages), trainImages.length),
                            new DatasetFile("train-labels-idx1-ubyte", sha256(trainLabels), trainLabels.length), TRAIN),
                    new DatasetSpec.Split(new DatasetFile("t10k-images-idx3-ubyte", sha256(testImages), testImages.length),
                            new DatasetFile("t10k-labels-idx1-ubyte", sha256(testLabels), testLabels.length), TEST),
                    mirrors, true, null, null);
        }

        /** Writes the four files gzip-compressed into {@code dir}. */
        public void writeGz(Path dir) {
            write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(trainImages));
            write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(trainLabels));
            write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(testImages));
            write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(testLabels));
        }

        /** Writes the four files uncompressed into {@code dir}. */
        public void writeRaw(Path dir) {
            write(dir.resolve("train-images-idx3-ubyte"), trainImages);
            write(dir.resolve("train-labels-idx1-ubyte"), trainLabels);
            write(dir.resolve("t10k-images-idx3-ubyte"), testImages);
            write(dir.resolve("t10k-labels-idx1-ubyte"), testLabels);
        }
    }
}
