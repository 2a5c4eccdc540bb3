package io.github.mlplatform.core.model;

import java.util.Locale;

/**
 * The result of evaluating a classifier: mean loss, accuracy and the confusion matrix
 * ({@code confusion[actual][predicted]} counts).
 */
public record Evaluation(double loss, double accuracy, long[][] confusion, long count) {

    /** Accuracy of each actual class (recall), NaN for a class with no examples. */
    public double[] perClassAccuracy() {
        double[] out = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (long v : confusion[c]) {
                total += v;
            }
            out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return out;
    }

    /** The confusion matrix as aligned text, rows = actual, columns = predicted. */
    public String confusionTable() {
        StringBuilder sb = new StringBuilder("actual\\pred");
        for (int c = 0; c < confusion.length; c++) {
            sb.append(String.format(Locale.ROOT, "%7d", c));
        }
        sb.append('\n');
        for (int r = 0; r < confusion.length; r++) {
            sb.append(String.format(Locale.ROOT, "%11d", r));
            for (long v : confusion[r]) {
                sb.append(String.format(Locale.ROOT, "%7d", v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Sums batches into an evaluation. */
    public static final class Accumulator {
        private final long[][] confusion;
        private double lossSum;
        private long count;
        private long correct;

        public Accumulator(int classes) {
            this.confusion = new long[classes][classes];
        }

        /** Adds one batch: predicted and actual classes and the batch's mean loss. */
        public void add(int[] predicted, int[] actual, double meanLoss) {
            if (predicted.length != actual.length) {
                throw new IllegalArgumentException("predicted and actual differ in length: " + predicted.length + " vs " + actual.length);
            }
            for (int i = 0; i < predicted.length; i++) {
                if (actual[i] < 0 || actual[i] >= confusion.length || predicted[i] < 0 || predicted[i] >= confusion.length) {
                    throw new IllegalArgumentException("class index out of range 0.." + (confusion.length - 1)
                            + ": actual " + actual[i] + ", predicted " + predicted[i]);
                }
                confusion[actual[i]][predicted[i]]++;
                if (predicted[i] == actual[i]) {
                    correct++;
                }
            }
            lossSum += meanLoss * predicted.length;
            count += predicted.length;
        }

        public Evaluation result() {
            long[][] copy = new long[confusion.length][];
            for (int i = 0; i < confusion.length; i++) {
                copy[i] = confusion[i].clone();
            }
            return new Evaluation(count == 0 ? Double.NaN : lossSum / count, count == 0 ? Double.NaN : (double) correct / count, copy, count);
        }
    }
}
