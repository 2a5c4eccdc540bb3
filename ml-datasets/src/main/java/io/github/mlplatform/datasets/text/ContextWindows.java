package io.github.mlplatform.datasets.text;

import java.util.List;

/**
 * Next-character examples of words: for each position of {@code word + "."}, the previous
 * {@code blockSize} characters (padded with {@code .} at the start) and the character to predict,
 * as class indices of a {@link CharVocabulary} (makemore's {@code build_dataset}).
 *
 * @param contexts  {@code [n][blockSize]} context indices
 * @param targets   {@code [n]} target indices
 * @param blockSize characters of context
 */
public record ContextWindows(int[][] contexts, int[] targets, int blockSize) {

    /**
     * The examples of {@code words}: {@code Σ (len(w) + 1)} of them.
     *
     * @throws IllegalArgumentException if {@code blockSize < 1} or a character is not in {@code vocab}
     */
    public static ContextWindows of(List<String> words, CharVocabulary vocab, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("blockSize: expected at least 1, got " + blockSize);
        }
        int n = 0;
        for (String w : words) {
            n += w.length() + 1;
        }
        int[][] x = new int[n][];
        int[] y = new int[n];
        int k = 0;
        int boundary = vocab.indexOf(CharVocabulary.BOUNDARY);
        for (String w : words) {
            int[] context = new int[blockSize];
            java.util.Arrays.fill(context, boundary);
            for (int i = 0; i <= w.length(); i++) {
                int target = i < w.length() ? vocab.indexOf(w.charAt(i)) : boundary;
                x[k] = context.clone();
                y[k] = target;
                k++;
                System.arraycopy(context, 1, context, 0, blockSize - 1);
                context[blockSize - 1] = target;
            }
        }
        return new ContextWindows(x, y, blockSize);
    }

    public int size() {
        return targets.length;
    }
}
