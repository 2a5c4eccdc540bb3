package io.github.mlplatform.datasets.pairs;

import io.github.mlplatform.datasets.LabeledImages;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded draws from one split of a labelled image set: balanced pairs for a "same or different?"
 * task ({@link #balanced}) and a few labelled references per class ({@link #perClass}). Every
 * index refers to the split passed in, so pairs drawn from a test split hold test images only.
 * The same split, arguments and seed give the same draw (a {@link SplittableRandom} of the seed);
 * nothing else is random.
 *
 * <pre>{@code
 * ImagePairs test = PairSampler.balanced(mnistTest, 10_000, 7);     // 5,000 same + 5,000 different
 * int[] refs = PairSampler.perClass(mnistTrain, 5, 42);           // 5 training images of each digit
 * }</pre>
 */
public final class PairSampler {

    private PairSampler() {
    }

    /**
     * {@code count} pairs of distinct images of {@code data}, exactly half of them "same" (both images
     * of one class) and half "different", in random order. A same pair: the first image uniform among
     * the images whose class has at least two, the second uniform among the other images of its class.
     * A different pair: the first image uniform among all, the second uniform among the images of the
     * other classes. So the classes appear in proportion to their frequency in {@code data}, and one
     * image may occur in several pairs (drawn with replacement).
     *
     * @param count number of pairs, even and at least 2
     * @param seed  the draw's seed
     * @throws IllegalArgumentException when {@code count} is odd or below 2 (the message names
     *                                  {@code count}), or {@code data} has no class with two images or
     *                                  fewer than two classes present (the message names {@code data})
     */
    public static ImagePairs balanced(LabeledImages data, int count, long seed) {
        if (count < 2 || count % 2 != 0) {
            throw new IllegalArgumentException("count: expected an even number >= 2 (half same, half different pairs), got " + count);
        }
        int[] labels = data.labels();
        int[][] byClass = byClass(labels, data.numClasses());
        List<Integer> anchors = new ArrayList<>();
        int present = 0;
        for (int[] members : byClass) {
            present += members.length > 0 ? 1 : 0;
            if (members.length >= 2) {
                for (int i : members) {
                    anchors.add(i);
                }
            }
        }
        if (anchors.isEmpty() || present < 2) {
            throw new IllegalArgumentException("data: expected at least two classes and a class with two images to draw same and "
                    + "different pairs from, got " + data.size() + " images of " + present + " class(es) (" + data + ")");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int half = count / 2;
        int[] first = new int[count];
        int[] second = new int[count];
        boolean[] same = new boolean[count];
        for (int p = 0; p < half; p++) {
            int a = anchors.get(rnd.nextInt(anchors.size()));
            int[] members = byClass[labels[a]];
            int b = members[rnd.nextInt(members.length - 1)];
            if (b == a) {
                b = members[members.length - 1];   // uniform over the members other than a
            }
            first[p] = a;
            second[p] = b;
            same[p] = true;
        }
        for (int p = half; p < count; p++) {
            int a = rnd.nextInt(labels.length);
            int b;
            do {
                b = rnd.nextInt(labels.length);   // rejection: uniform over the images of the other classes
            } while (labels[b] == labels[a]);
            first[p] = a;
            second[p] = b;
        }
        for (int p = count - 1; p > 0; p--) {   // Fisher-Yates: same and different pairs interleaved at random
            int q = rnd.nextInt(p + 1);
            swap(first, p, q);
            swap(second, p, q);
            boolean s = same[p];
            same[p] = same[q];
            same[q] = s;
        }
        return new ImagePairs(data, first, second, same);
    }

    /**
     * {@code perClass} distinct images of every class of {@code data}, drawn without replacement:
     * the indices of class 0's images first, then class 1's, ... (so index {@code c·perClass + j} is
     * the j-th reference of class c).
     *
     * @throws IllegalArgumentException when {@code perClass < 1} (names {@code perClass}), or a class
     *                                  has fewer than {@code perClass} images (names the class and
     *                                  {@code data})
     */
    public static int[] perClass(LabeledImages data, int perClass, long seed) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass: expected at least 1 image per class, got " + perClass);
        }
        int[][] byClass = byClass(data.labels(), data.numClasses());
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] out = new int[perClass * byClass.length];
        for (int c = 0; c < byClass.length; c++) {
            int[] members = byClass[c].clone();
            if (members.length < perClass) {
                throw new IllegalArgumentException("data: class " + c + " (" + data.classNames().get(c) + ") has " + members.length
                        + " images, expected at least perClass = " + perClass + " (" + data + ")");
            }
            for (int j = 0; j < perClass; j++) {   // partial Fisher-Yates
                swap(members, j, j + rnd.nextInt(members.length - j));
                out[c * perClass + j] = members[j];
            }
        }
        return out;
    }

    /** The indices of each class's images, in index order. */
    private static int[][] byClass(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            out[labels[i]][fill[labels[i]]++] = i;
        }
        return out;
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
