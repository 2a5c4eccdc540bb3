package io.github.mlplatform.datasets.idx;

import io.github.mlplatform.datasets.ByteImages;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzip-compressed (detected from
 * the content, not the name).
 *
 * <p>An IDX file is a 4-byte magic number {@code 0x00 0x00 type rank}, then {@code rank} big-endian
 * int32 dimension sizes, then {@code d0·d1·…} elements in row-major order. Only element type
 * {@code 0x08} (unsigned byte) is supported; bytes stay bytes (no widening to float) so that a
 * whole training set takes 47 MB instead of 188 MB. The reader validates the magic number, the
 * element type, the rank (1..{@value #MAX_RANK}), that every dimension is positive, that the data is
 * exactly as long as the header declares (no truncation, no trailing bytes) and that a gzip stream
 * is intact; every failure is an {@link IdxFormatException} naming the file.
 */
public final class IdxReader {

    /** Element type code of unsigned bytes. */
    public static final int TYPE_UNSIGNED_BYTE = 0x08;
    /** Largest rank accepted. */
    public static final int MAX_RANK = 8;

    private static final int BUFFER = 1 << 16;

    private IdxReader() {
    }

    /** Reads an IDX file (raw or .gz). */
    public static IdxArray read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads an IDX file (raw or .gz); when {@code digest} is not null it is updated with every
     * decompressed byte (header and data), so a caller can check a SHA-256 of the decompressed
     * content at no extra pass over the file.
     */
    public static IdxArray read(Path file, MessageDigest digest) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), digest);
        }
    }

    /**
     * Reads an IDX stream (raw or gzip) named {@code source} in error messages. The stream is read
     * to its end but not closed.
     */
    public static IdxArray read(InputStream rawIn, String source, MessageDigest digest) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(rawIn, BUFFER);
        boolean gzip = isGzip(buffered);
        try {
            InputStream in = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;
            if (digest != null) {
                in = new DigestInputStream(in, digest);
            }
            return parse(in, source);
        } catch (EOFException | ZipException e) {
            throw new IdxFormatException(source, (gzip ? "gzip stream is truncated or corrupt: " : "truncated: ")
                    + e.getMessage(), e);
        }
    }

    /**
     * Reads an IDX file of images: rank 3, {@code [count, rows, cols]}.
     */
    public static ByteImages readImages(Path file) throws IOException {
        return toImages(read(file));
    }

    /** Checks that {@code a} has rank 3 and wraps it as images. */
    public static ByteImages toImages(IdxArray a) throws IdxFormatException {
        if (a.rank() != 3) {
            throw new IdxFormatException(a.source(), "expected an image file of rank 3 [count, rows, cols], "
                    + "header declares rank " + a.rank() + " (" + a.shapeString() + ")");
        }
        return new ByteImages(a.dim(0), a.dim(1), a.dim(2), a.data());
    }

    /** Reads an IDX file of labels: rank 1, {@code [count]}. */
    public static byte[] readLabels(Path file) throws IOException {
        return toLabels(read(file));
    }

    /** Checks that {@code a} has rank 1 and returns its bytes as labels. */
    public static byte[] toLabels(IdxArray a) throws IdxFormatException {
        if (a.rank() != 1) {
            throw new IdxFormatException(a.source(), "expected a label file of rank 1 [count], header declares rank "
                    + a.rank() + " (" + a.shapeString() + ")");
        }
        return a.data();
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static IdxArray parse(InputStream in, String source) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new IdxFormatException(source, "truncated: " + got + " bytes, an IDX header needs at least 4");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(source, String.format(
                    "bad magic number 0x%02X%02X%02X%02X: an IDX file starts with 0x0000 then the type and the rank",
                    magic[0] & 0xFF, magic[1] & 0xFF, magic[2] & 0xFF, magic[3] & 0xFF));
        }
        int type = magic[2] & 0xFF;
        if (type != TYPE_UNSIGNED_BYTE) {
            throw new IdxFormatException(source, String.format(
                    "element type 0x%02X (%s) is not supported, expected 0x08 (unsigned byte)", type, typeName(type)));
        }
        int rank = magic[3] & 0xFF;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException(source, "rank " + rank + " in the magic number, expected 1.." + MAX_RANK);
        }
        byte[] dimBytes = new byte[4 * rank];
        got = in.readNBytes(dimBytes, 0, dimBytes.length);
        if (got < dimBytes.length) {
            throw new IdxFormatException(source, "truncated header: rank " + rank + " needs " + dimBytes.length
                    + " bytes of dimensions, found " + got);
        }
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] <= 0) {
                throw new IdxFormatException(source, "dimension " + i + " is " + Integer.toUnsignedString(dims[i])
                        + " (header declares " + shapeString(dims, i + 1) + "), expected a positive size");
            }
        }
        long n = product(dims);
        if (n > Integer.MAX_VALUE - 16) {
            throw new IdxFormatException(source, "header declares " + shapeString(dims) + " = " + n
                    + " elements, more than a Java array holds");
        }
        byte[] data = new byte[(int) n];
        int read = in.readNBytes(data, 0, data.length);
        if (read < n) {
            throw new IdxFormatException(source, "truncated: header declares " + shapeString(dims) + " = " + n
                    + " data bytes, only " + read + " present");
        }
        if (in.read() != -1) {
            long extra = 1 + in.skip(Long.MAX_VALUE);
            throw new IdxFormatException(source, extra + " trailing bytes after the " + n
                    + " data bytes the header declares (" + shapeString(dims) + ")");
        }
        return new IdxArray(dims, data, source);
    }

    static long product(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    static String shapeString(int[] dims) {
        return shapeString(dims, dims.length);
    }

    private static String shapeString(int[] dims, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < upTo; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(Integer.toUnsignedString(dims[i]));
        }
        return sb.toString();
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x09: return "signed byte";
            case 0x0B: return "short";
            case 0x0C: return "int";
            case 0x0D: return "float";
            case 0x0E: return "double";
            default: return "unknown";
        }
    }
}
