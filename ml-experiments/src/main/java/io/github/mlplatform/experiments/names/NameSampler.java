package io.github.mlplatform.experiments.names;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.datasets.text.CharVocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws names from a trained next-character model as the lecture does: start from a context of
 * boundary tokens, sample the next character from the softmax of the logits, shift it into the
 * context, stop at the boundary token (or after {@value #MAX_LENGTH} characters).
 */
final class NameSampler {

    /** Longest name drawn (a guard for a model that never predicts the end). */
    static final int MAX_LENGTH = 50;

    private final Model model;
    private final CharVocabulary vocab;
    private final int block;

    NameSampler(Model model, CharVocabulary vocab, int block) {
        this.model = model;
        this.vocab = vocab;
        this.block = block;
    }

    /** {@code n} names, drawn from a random stream seeded with {@code seed}. */
    List<String> sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
        int boundary = vocab.indexOf(CharVocabulary.BOUNDARY);
        List<String> out = new ArrayList<>();
        float[] context = new float[block];
        for (int k = 0; k < n; k++) {
            Arrays.fill(context, boundary);
            StringBuilder name = new StringBuilder();
            while (name.length() < MAX_LENGTH) {
                INDArray logits = model.predict(Nd4j.create(context, new long[]{1, block}, 'c'));
                int next = draw(logits.castTo(DataType.DOUBLE).toDoubleVector(), rng);
                if (next == boundary) {
                    break;
                }
                name.append(vocab.symbol(next));
                System.arraycopy(context, 1, context, 0, block - 1);
                context[block - 1] = next;
            }
            out.add(name.toString());
        }
        return out;
    }

    /** A class drawn from softmax(logits). */
    static int draw(double[] logits, SplittableRandom rng) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u < 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
