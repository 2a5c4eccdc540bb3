package io.github.mlplatform.datasets;

import java.util.Arrays;

/**
 * A compact set of grey-scale images kept as unsigned bytes ({@code count × rows × cols}, row-major,
 * image after image) until they are batched: 60,000 MNIST digits take 47 MB here instead of 188 MB
 * as floats. Pixel values are 0..255; the conversion to floats ({@code p / 255}, standardisation)
 * happens when a batch or a frame is filled.
 */
public final class ByteImages {

    private final int count;
    private final int rows;
    private final int cols;
    private final byte[] pixels;

    /**
     * Wraps {@code pixels} (not copied) as {@code count} images of {@code rows × cols}.
     *
     * @throws IllegalArgumentException when a size is not positive or the array length is not
     *                                  {@code count·rows·cols}
     */
    public ByteImages(int count, int rows, int cols, byte[] pixels) {
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("count/rows/cols must be >= 0/> 0/> 0, got " + count + "/" + rows + "/" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixels: " + pixels.length + " bytes, expected count*rows*cols = "
                    + count + "*" + rows + "*" + cols + " = " + ((long) count * rows * cols));
        }
        this.count = count;
        this.rows = rows;
        this.cols = cols;
        this.pixels = pixels;
    }

    /** Number of images. */
    public int count() {
        return count;
    }

    /** Rows (height) of every image. */
    public int rows() {
        return rows;
    }

    /** Columns (width) of every image. */
    public int cols() {
        return cols;
    }

    /** {@code rows · cols}. */
    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Pixel value 0..255 of image {@code image} at ({@code row}, {@code col}). */
    public int pixel(int image, int row, int col) {
        checkIndex(image);
        if (row < 0 || row >= rows || col < 0 || col >= cols) {
            throw new IndexOutOfBoundsException("pixel (" + row + ", " + col + ") outside " + rows + "x" + cols);
        }
        return pixels[image * pixelsPerImage() + row * cols + col] & 0xFF;
    }

    /** The backing array (image after image, row-major); not a copy, do not modify. */
    public byte[] rawPixels() {
        return pixels;
    }

    /** A copy of image {@code image}'s bytes. */
    public byte[] image(int image) {
        checkIndex(image);
        int n = pixelsPerImage();
        return Arrays.copyOfRange(pixels, image * n, (image + 1) * n);
    }

    /** Image {@code image} as floats {@code p / 255} (row-major). */
    public float[] imageAsUnitFloats(int image) {
        checkIndex(image);
        int n = pixelsPerImage();
        float[] out = new float[n];
        float[] lut = unitLookup();
        int base = image * n;
        for (int i = 0; i < n; i++) {
            out[i] = lut[pixels[base + i] & 0xFF];
        }
        return out;
    }

    /** The first {@code n} images (a copy); all of them when {@code n >= count()}. */
    public ByteImages head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        int k = Math.min(n, count);
        return k == count ? this : new ByteImages(k, rows, cols, Arrays.copyOf(pixels, k * pixelsPerImage()));
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive), a copy. */
    public ByteImages range(int from, int to) {
        if (from < 0 || to > count || from > to) {
            throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") outside [0, " + count + ")");
        }
        int n = pixelsPerImage();
        return new ByteImages(to - from, rows, cols, Arrays.copyOfRange(pixels, from * n, to * n));
    }

    /**
     * Mean and (population) standard deviation of all pixels scaled to [0,1], {@code {mean, std}}:
     * mean = Σ(p/255)/N, std = sqrt(Σ(p/255)²/N − mean²) over N = count·rows·cols pixels. For the
     * MNIST training set this is the familiar (0.1307, 0.3081).
     */
    public double[] unitMeanStd() {
        long[] hist = new long[256];
        for (byte b : pixels) {
            hist[b & 0xFF]++;
        }
        double n = pixels.length;
        double s = 0;
        double s2 = 0;
        for (int v = 0; v < 256; v++) {
            double x = v / 255.0;
            s += hist[v] * x;
            s2 += hist[v] * x * x;
        }
        double mean = s / n;
        return new double[] {mean, Math.sqrt(Math.max(0, s2 / n - mean * mean))};
    }

    /** {@code lut[p] = (float) (p / 255.0)} for p = 0..255. */
    public static float[] unitLookup() {
        float[] lut = new float[256];
        for (int p = 0; p < 256; p++) {
            lut[p] = (float) (p / 255.0);
        }
        return lut;
    }

    private void checkIndex(int image) {
        if (image < 0 || image >= count) {
            throw new IndexOutOfBoundsException("image " + image + " outside [0, " + count + ")");
        }
    }

    @Override
    public String toString() {
        return "ByteImages[" + count + " x " + rows + "x" + cols + "]";
    }
}
