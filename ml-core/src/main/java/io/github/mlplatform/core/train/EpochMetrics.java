package io.github.mlplatform.core.train;

import io.github.mlplatform.core.model.Evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one epoch of training measured.
 *
 * @param epoch            1-based epoch number
 * @param trainLoss        mean training loss over the epoch's batches (weighted by batch size)
 * @param learningRate     the learning rate in force
 * @param seconds          wall time of the training pass
 * @param samplesPerSecond training throughput
 * @param test             evaluation on the test data, or null when none was given
 */
public record EpochMetrics(int epoch, double trainLoss, double learningRate, double seconds, double samplesPerSecond,
                           Evaluation test) {

    /** Flat map for run records ({@code epoch, train_loss, lr, seconds, samples_per_s, test_loss, test_accuracy}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", trainLoss);
        m.put("lr", learningRate);
        m.put("seconds", seconds);
        m.put("samples_per_s", samplesPerSecond);
        if (test != null) {
            m.put("test_loss", test.loss());
            m.put("test_accuracy", test.accuracy());
        }
        return m;
    }
}
