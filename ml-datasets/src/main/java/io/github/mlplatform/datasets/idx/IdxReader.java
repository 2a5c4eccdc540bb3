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
 *
 * <p>Nothing is allocated on the header's word alone. Before the data array is created the header
 * is checked against what the caller expects ({@link Expected}: the catalog's dimensions and
 * size) and against what the file can hold: a raw file's length must match exactly; a gzip file
 * cannot hold more than {@value #MAX_DEFLATE_RATIO} times its size (deflate's limit), and its
 * trailer (ISIZE, the decompressed length mod 2^32) must agree before the array is allocated in
 * one piece; otherwise, and for streams of unknown length, the array grows with the data that
 * actually arrives. So a 60-byte file declaring 2,550,000 images of 28x28 fails at once instead
 * of allocating 2 GB.
 */
public final class IdxReader {

    /** Element type code of unsigned bytes. */
    public static final int TYPE_UNSIGNED_BYTE = 0x08;
    /** Largest rank accepted. */
    public static final int MAX_RANK = 8;

    /**
     * Deflate's largest expansion: a 258-byte match costs at least 2 bits, so one byte of compressed
     * data yields at most 1032 bytes.
     */
    public static final int MAX_DEFLATE_RATIO = 1032;

    private static final int BUFFER = 1 << 16;
    /** First capacity of the data array when its size cannot be confirmed in advance. */
    private static final int GROW_FROM = 1 << 20;

    /**
     * What the caller knows about a file before reading it, checked against the header before
     * anything is allocated.
     *
     * @param dims        expected dimensions (-1 = any size in that dimension), or null for any rank
     * @param size        expected total length of the (decompressed) file in bytes, or -1
     * @param description what the file should be, for messages (e.g. "mnist train-images-idx3-ubyte")
     */
    public record Expected(int[] dims, long size, String description) {
        public Expected {
            dims = dims == null ? null : dims.clone();
        }

        /** Any rank, any size. */
        public static final Expected ANY = new Expected(null, -1, null);

        String shape() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < dims.length; i++) {
                b.append(i > 0 ? "x" : "").append(dims[i] < 0 ? "N" : Integer.toString(dims[i]));
            }
            return b.toString();
        }

        String what() {
            return description == null ? "" : " (" + description + ")";
        }
    }

    /** What the source's length says about the decompressed length, known before reading. */
    private record Bounds(long exact, long max, long isize, String holder) {
        static final Bounds UNKNOWN = new Bounds(-1, Long.MAX_VALUE, -1, null);
    }

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
        return read(file, digest, Expected.ANY);
    }

    /**
     * Reads an IDX file (raw or .gz) that should match {@code expected} (checked before anything is
     * allocated); {@code digest} as in {@link #read(Path, MessageDigest)}.
     */
    public static IdxArray read(Path file, MessageDigest digest, Expected expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
            Bounds bounds = isGzip(buffered)
                    ? new Bounds(-1, satMul(length, MAX_DEFLATE_RATIO), gzipTrailer(file, length),
                            "a file of " + length + " bytes of gzip")
                    : new Bounds(length, length, -1, "the file");
            return read(buffered, file.toString(), digest, expected, bounds);
        }
    }

    /**
     * Reads an IDX stream (raw or gzip) named {@code source} in error messages. The stream is read
     * to its end but not closed. Its length is unknown in advance, so the data array grows with the
     * bytes that arrive (a header that overstates the size costs no more memory than the data).
     */
    public static IdxArray read(InputStream rawIn, String source, MessageDigest digest) throws IOException {
        return read(rawIn, source, digest, Expected.ANY);
    }

    /** {@link #read(InputStream, String, MessageDigest)} of a stream that should match {@code expected}. */
    public static IdxArray read(InputStream rawIn, String source, MessageDigest digest, Expected expected)
            throws IOException {
        return read(rawIn, source, digest, expected, Bounds.UNKNOWN);
    }

    private static IdxArray read(InputStream rawIn, String source, MessageDigest digest, Expected expected,
                                 Bounds bounds) throws IOException {
        BufferedInputStream buffered = rawIn instanceof BufferedInputStream b ? b : new BufferedInputStream(rawIn, BUFFER);
        boolean gzip = isGzip(buffered);
        try {
            InputStream in = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;
            if (digest != null) {
                in = new DigestInputStream(in, digest);
            }
            return parse(in, source, expected == null ? Expected.ANY : expected, bounds);
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

    private static IdxArray parse(InputStream in, String source, Expected expected, Bounds bounds) throws IOException {
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
        checkExpected(source, dims, expected);
        long n = product(dims);
        if (n > Integer.MAX_VALUE - 16) {
            throw new IdxFormatException(source, "header declares " + shapeString(dims) + " = "
                    + (n == Long.MAX_VALUE ? "more than 2^31" : Long.toString(n))
                    + " elements, more than a Java array holds");
        }
        long header = 4L + 4L * rank;
        long total = header + n;
        if (expected.size() >= 0 && total != expected.size()) {
            throw new IdxFormatException(source, "header declares " + shapeString(dims) + " = " + total
                    + " bytes in all, expected " + expected.size() + expected.what());
        }
        if (bounds.exact() >= 0 && total > bounds.exact()) {
            throw new IdxFormatException(source, "truncated: header declares " + shapeString(dims) + " = " + n
                    + " data bytes, only " + Math.max(0, bounds.exact() - header) + " present");
        }
        if (bounds.exact() >= 0 && total < bounds.exact()) {
            throw new IdxFormatException(source, (bounds.exact() - total) + " trailing bytes after the " + n
                    + " data bytes the header declares (" + shapeString(dims) + ")");
        }
        if (total > bounds.max()) {
            throw new IdxFormatException(source, "header declares " + shapeString(dims) + " = " + total
                    + " bytes, more than " + bounds.holder() + " can hold (at most " + bounds.max()
                    + "): the file is truncated or its header is corrupt");
        }
        boolean confirmed = bounds.exact() == total || (bounds.isize() >= 0 && bounds.isize() == (total & 0xFFFFFFFFL));
        byte[] data = confirmed ? readExactly(in, (int) n) : readGrowing(in, (int) n);
        if (data.length < n) {
            throw new IdxFormatException(source, "truncated: header declares " + shapeString(dims) + " = " + n
                    + " data bytes, only " + data.length + " present");
        }
        if (in.read() != -1) {
            long extra = 1 + in.skip(Long.MAX_VALUE);
            throw new IdxFormatException(source, extra + " trailing bytes after the " + n
                    + " data bytes the header declares (" + shapeString(dims) + ")");
        }
        return new IdxArray(dims, data, source);
    }

    private static void checkExpected(String source, int[] dims, Expected expected) throws IdxFormatException {
        int[] want = expected.dims();
        if (want == null) {
            return;
        }
        if (want.length != dims.length) {
            throw new IdxFormatException(source, "header declares " + shapeString(dims) + " (rank " + dims.length
                    + "), expected rank " + want.length + " [" + expected.shape() + "]" + expected.what());
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i] >= 0 && want[i] != dims[i]) {
                throw new IdxFormatException(source, "header declares " + shapeString(dims) + ", expected "
                        + expected.shape() + expected.what());
            }
        }
    }

    /** Reads {@code n} bytes into one array (its size was confirmed); a shorter result means truncation. */
    private static byte[] readExactly(InputStream in, int n) throws IOException {
        byte[] data = new byte[n];
        int read = in.readNBytes(data, 0, n);
        return read == n ? data : java.util.Arrays.copyOf(data, read);
    }

    /** Reads up to {@code n} bytes into an array that doubles as data arrives (never beyond n). */
    private static byte[] readGrowing(InputStream in, int n) throws IOException {
        byte[] data = new byte[Math.min(n, GROW_FROM)];
        int filled = 0;
        while (true) {
            int r = in.readNBytes(data, filled, data.length - filled);
            filled += r;
            if (filled < data.length || filled == n) {
                break;
            }
            data = java.util.Arrays.copyOf(data, (int) Math.min(n, 2L * data.length));
        }
        return filled == data.length ? data : java.util.Arrays.copyOf(data, filled);
    }

    /** The gzip trailer's ISIZE (decompressed length mod 2^32, of the last member), or -1. */
    private static long gzipTrailer(Path file, long length) throws IOException {
        if (length < 18) {
            return -1;
        }
        try (java.nio.channels.SeekableByteChannel ch = Files.newByteChannel(file)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.position(length - 4);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // fill
            }
            return b.hasRemaining() ? -1 : b.flip().getInt() & 0xFFFFFFFFL;
        }
    }

    private static long satMul(long a, long b) {
        long r = a * b;
        return a != 0 && (r / a != b || r < 0) ? Long.MAX_VALUE : r;
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
