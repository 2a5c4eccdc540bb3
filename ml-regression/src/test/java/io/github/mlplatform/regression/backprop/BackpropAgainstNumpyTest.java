package io.github.mlplatform.regression.backprop;

import io.github.mlplatform.regression.data.NumpyRandom;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every fact's loss of the seed's NumPy network (bench/reference/backprop_numpy.py --fixture, with
 * {@code np.random.seed(0)} for the weights, the bench's seed 3 for the facts, alpha 0.1, 100 facts)
 * against the Java network built from the same generator: every architecture and task, with the
 * chain-rule gradient and with the seed's {@code M·δ}. Equal facts and equal initial weights come
 * from {@link NumpyRandom}; equal curves then show that every step is the same computation.
 */
class BackpropAgainstNumpyTest {

    record Key(String architecture, String task, String gradient) {
    }

    static Map<Key, List<Double>> fixture() throws IOException {
        Map<Key, List<Double>> out = new LinkedHashMap<>();
        try (InputStream in = BackpropAgainstNumpyTest.class.getResourceAsStream("/backprop/numpy-curves.csv")) {
            assertThat(in).as("fixture backprop/numpy-curves.csv").isNotNull();
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] c = lines[i].split(",");
                out.computeIfAbsent(new Key(c[0], c[1], c[2]), k -> new ArrayList<>()).add(parsePython(c[5]));
            }
        }
        return out;
    }

    /** A float as Python's {@code repr} writes it ({@code inf}, {@code -inf}, {@code nan} included). */
    static double parsePython(String s) {
        return switch (s.strip()) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    @Test
    void everyCurveEqualsTheSeedsNumpyNetwork() throws IOException {
        Map<Key, List<Double>> fixture = fixture();
        assertThat(fixture).hasSize(5 * 5 * 2 + 5);
        int diverged = 0;
        for (Map.Entry<Key, List<Double>> e : fixture.entrySet()) {
            Key k = e.getKey();
            Architecture arch = Architecture.valueOf(k.architecture().toUpperCase().replace('-', '_'));
            Task task = Task.valueOf(k.task().toUpperCase().replace('-', '_'));
            AffineLayer.InputGradient g = k.gradient().equals("seed") ? AffineLayer.InputGradient.SEED_UNTRANSPOSED
                    : AffineLayer.InputGradient.TRANSPOSED;
            NNBench bench = new NNBench(arch.build(new NumpyRandom(0), g).setAlpha(0.1), task, NNBench.SEED);
            double[] ours = bench.learn(e.getValue().size());
            for (int i = 0; i < ours.length; i++) {
                double theirs = e.getValue().get(i);
                if (!Double.isFinite(theirs)) {
                    assertThat(Double.isFinite(ours[i])).as(k + " fact " + i + ": NumPy diverged").isFalse();
                    diverged++;
                    break;
                }
                assertThat(ours[i]).as(k + " fact " + i).isCloseTo(theirs,
                        org.assertj.core.api.Assertions.within(1e-9 * Math.max(1, Math.abs(theirs))));
            }
        }
        // at alpha 0.1 the squaring network diverges, as the seed's "learning potential" of nan showed
        assertThat(diverged).isPositive();
    }
}
