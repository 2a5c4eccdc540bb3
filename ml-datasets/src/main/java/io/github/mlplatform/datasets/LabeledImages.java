package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.idx.IdxFormatException;

import java.util.Arrays;
import java.util.List;

/**
 * A labelled image data set (one split of MNIST or Fashion-MNIST): byte images, one label
 * {@code 0..numClasses-1} per image, the class names and where the data came from
 * ({@link #source()}).
 */
public final class LabeledImages {

    private final ByteImages images;
    private final byte[] labels;
    private final List<String> classNames;
    private final DataSource source;

    /**
     * @throws IllegalArgumentException when the counts differ or a label is outside
     *                                  {@code 0..classNames.size()-1}
     */
    public LabeledImages(ByteImages images, byte[] labels, List<String> classNames, DataSource source) {
        try {
            check(images, labels, classNames, "images", "labels");
        } catch (IdxFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        this.images = images;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.source = source;
    }

    /**
     * Checks that images and labels belong together (same count, labels in range), naming the
     * files in the exception.
     */
    static void check(ByteImages images, byte[] labels, List<String> classNames, String imagesName, String labelsName)
            throws IdxFormatException {
        if (images.count() != labels.length) {
            throw new IdxFormatException(imagesName, "image count " + images.count() + " differs from label count "
                    + labels.length + " in " + labelsName);
        }
        int k = classNames.size();
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i] & 0xFF;
            if (l >= k) {
                throw new IdxFormatException(labelsName, "label " + l + " at index " + i + " is outside 0.." + (k - 1));
            }
        }
    }

    /** The images. */
    public ByteImages images() {
        return images;
    }

    /** Number of examples. */
    public int size() {
        return images.count();
    }

    /** Label of example {@code i}, 0..numClasses-1. */
    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** All labels as ints (a copy). */
    public int[] labels() {
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i] & 0xFF;
        }
        return out;
    }

    /** The label bytes; the backing array, not a copy (do not modify). */
    public byte[] rawLabels() {
        return labels;
    }

    /** Number of classes. */
    public int numClasses() {
        return classNames.size();
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return classNames;
    }

    /** Where the data came from. */
    public DataSource source() {
        return source;
    }

    /** Examples per class, index = label. */
    public int[] labelHistogram() {
        int[] h = new int[numClasses()];
        for (byte l : labels) {
            h[l & 0xFF]++;
        }
        return h;
    }

    /** The first {@code n} examples (all when {@code n >= size()}). */
    public LabeledImages head(int n) {
        if (n >= size()) {
            return this;
        }
        return new LabeledImages(images.head(n), Arrays.copyOf(labels, n), classNames, source);
    }

    @Override
    public String toString() {
        return "LabeledImages[" + size() + " x " + images.rows() + "x" + images.cols() + ", " + numClasses()
                + " classes, from " + source + "]";
    }
}
