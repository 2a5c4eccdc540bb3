package io.github.mlplatform.invariance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Binary helpers of the layers' {@code writeState}/{@code readState}: a checked header and bulk arrays. */
final class StateIO {

    private static final int CHUNK = 1 << 16;

    private StateIO() {
    }

    /** Writes a header naming what follows (e.g. "fused-mwta/FLOAT") and its dimensions. */
    static void header(DataOutputStream out, String kind, int... dims) throws IOException {
        out.writeUTF(kind);
        out.writeInt(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
    }

    /** Reads a header and fails with a message naming both sides unless it matches. */
    static void expectHeader(DataInputStream in, String kind, int... dims) throws IOException {
        String k = in.readUTF();
        int n = in.readInt();
        if (n < 0 || n > 16) {
            throw new IOException("layer state: corrupt header (" + n + " dimensions)");
        }
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = in.readInt();
        }
        if (!k.equals(kind) || !java.util.Arrays.equals(d, dims)) {
            throw new IOException("layer state is '" + k + "' " + java.util.Arrays.toString(d) + ", expected '" + kind
                    + "' " + java.util.Arrays.toString(dims) + " (checkpoint of another implementation, precision or size)");
        }
    }

    static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(CHUNK * 4);
        for (int off = 0; off < a.length; off += CHUNK) {
            int len = Math.min(CHUNK, a.length - off);
            b.clear();
            b.asFloatBuffer().put(a, off, len);
            out.write(b.array(), 0, len * 4);
        }
    }

    static void readFloats(DataInputStream in, float[] a) throws IOException {
        int n = in.readInt();
        if (n != a.length) {
            throw new IOException("layer state: array of " + n + " floats, expected " + a.length);
        }
        byte[] buf = new byte[CHUNK * 4];
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            in.readFully(buf, 0, len * 4);
            ByteBuffer.wrap(buf, 0, len * 4).asFloatBuffer().get(a, off, len);
        }
    }

    static void writeDoubles(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(CHUNK * 8);
        for (int off = 0; off < a.length; off += CHUNK) {
            int len = Math.min(CHUNK, a.length - off);
            b.clear();
            b.asDoubleBuffer().put(a, off, len);
            out.write(b.array(), 0, len * 8);
        }
    }

    static void readDoubles(DataInputStream in, double[] a) throws IOException {
        int n = in.readInt();
        if (n != a.length) {
            throw new IOException("layer state: array of " + n + " doubles, expected " + a.length);
        }
        byte[] buf = new byte[CHUNK * 8];
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            in.readFully(buf, 0, len * 8);
            ByteBuffer.wrap(buf, 0, len * 8).asDoubleBuffer().get(a, off, len);
        }
    }

    /** Checks a weight matrix's shape and that every value is finite and >= 0. */
    static void checkWeights(DenseMatrix m, int rows, int cols, String what) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(what + ": expected " + rows + "x" + cols + ", got " + m.rows() + "x" + m.cols());
        }
        double[] d = m.data();
        for (int i = 0; i < d.length; i++) {
            if (!(d[i] >= 0 && d[i] <= Double.MAX_VALUE)) {
                throw new IllegalArgumentException(what + ": value at (" + i / cols + ", " + i % cols + ") is " + d[i]
                        + ", expected finite and >= 0");
            }
        }
    }

    /** Message of a bad input frame value. */
    static IllegalArgumentException badInput(String layer, int j, double value) {
        return new IllegalArgumentException(layer + " input v[" + j + "] = " + value + ": expected finite values >= 0");
    }
}
