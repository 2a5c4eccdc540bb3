package io.github.mlplatform.datasets.idx;

import java.util.Arrays;

/**
 * The content of one IDX file of unsigned bytes (element type 0x08): its dimensions and its data in
 * row-major order. The data array is not copied: it is owned by this object and must not be changed.
 */
public final class IdxArray {

    private final int[] dims;
    private final byte[] data;
    private final String source;

    public IdxArray(int[] dims, byte[] data, String source) {
        this.dims = dims.clone();
        this.data = data;
        this.source = source;
        long n = IdxReader.product(this.dims);
        if (n != data.length) {
            throw new IllegalArgumentException(source + ": dimensions " + Arrays.toString(dims)
                    + " need " + n + " bytes, data has " + data.length);
        }
    }

    /** The dimensions, outermost first (e.g. {@code [60000, 28, 28]}). */
    public int[] dims() {
        return dims.clone();
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code i}. */
    public int dim(int i) {
        return dims[i];
    }

    /** The data in row-major order; the backing array, not a copy (do not modify). */
    public byte[] data() {
        return data;
    }

    /** Where the data was read from. */
    public String source() {
        return source;
    }

    /** The dimensions as "60000x28x28". */
    public String shapeString() {
        return IdxReader.shapeString(dims);
    }
}
