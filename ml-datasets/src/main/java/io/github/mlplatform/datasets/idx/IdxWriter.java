package io.github.mlplatform.datasets.idx;

import io.github.mlplatform.core.io.AtomicFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files of unsigned bytes (element type 0x08), raw or gzip-compressed, atomically
 * (through {@link AtomicFiles}). Used to build the embedded MNIST sample and test files.
 */
public final class IdxWriter {

    private IdxWriter() {
    }

    /** The raw (uncompressed) IDX bytes of {@code data} with dimensions {@code dims}. */
    public static byte[] toBytes(int[] dims, byte[] data) {
        if (dims.length < 1 || dims.length > IdxReader.MAX_RANK) {
            throw new IllegalArgumentException("dims: rank " + dims.length + ", expected 1.." + IdxReader.MAX_RANK);
        }
        long n = IdxReader.product(dims);
        if (n != data.length) {
            throw new IllegalArgumentException("data: " + data.length + " bytes, dims " + IdxReader.shapeString(dims)
                    + " need " + n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4 + 4 * dims.length + data.length);
        try {
            write(out, dims, data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Writes the IDX bytes to a stream (not closed). */
    public static void write(OutputStream out, int[] dims, byte[] data) throws IOException {
        out.write(new byte[] {0, 0, (byte) IdxReader.TYPE_UNSIGNED_BYTE, (byte) dims.length});
        for (int d : dims) {
            if (d <= 0) {
                throw new IllegalArgumentException("dims: every dimension must be positive, got " + d);
            }
            out.write(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
        }
        out.write(data);
    }

    /** Writes an IDX file atomically; gzip-compressed when {@code gzip} is true. */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        byte[] bytes = toBytes(dims, data);
        AtomicFiles.write(file, out -> {
            if (gzip) {
                try (GZIPOutputStream gz = new GZIPOutputStream(nonClosing(out), 1 << 16)) {
                    gz.write(bytes);
                }
            } else {
                out.write(bytes);
            }
        });
    }

    /** Gzip-compresses bytes in memory. */
    public static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
