package io.github.mlplatform.regression.language;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BigramCountsTest {

    // ".ab." and ".a." over {. a b}: pairs (.,a) (a,b) (b,.) (.,a) (a,.)
    private static final int[] PREV = {0, 1, 2, 0, 1};
    private static final int[] NEXT = {1, 2, 0, 1, 0};

    @Test
    void addOneSmoothedProbabilitiesAreTheCountsOverTheirRows() {
        BigramCounts m = BigramCounts.fit(3, PREV, NEXT, 1.0);
        assertThat(m.count(0, 1)).isEqualTo(2);
        // row '.': counts (0, 2, 0) + 1 -> (1, 3, 1) / 5
        assertThat(Math.exp(m.logProbability(0, 1))).isCloseTo(3.0 / 5, within(1e-15));
        // row 'a': counts (1, 0, 1) + 1 -> (2, 1, 2) / 5
        assertThat(Math.exp(m.logProbability(1, 1))).isCloseTo(1.0 / 5, within(1e-15));
        double nll = -(Math.log(3.0 / 5) + Math.log(2.0 / 5) + Math.log(2.0 / 4) + Math.log(3.0 / 5) + Math.log(2.0 / 5)) / 5;
        assertThat(m.meanNegativeLogLikelihood(PREV, NEXT)).isCloseTo(nll, within(1e-15));
    }

    @Test
    void withoutSmoothingSamplesOnlySeenPairs() {
        BigramCounts m = BigramCounts.fit(3, PREV, NEXT, 0.0);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200; i++) {
            int[] s = m.sample(r, 0, 10);
            // every sample is "a" or "ab"
            assertThat(s).satisfiesAnyOf(x -> assertThat(x).containsExactly(1), x -> assertThat(x).containsExactly(1, 2));
        }
    }

    /** The static sampler on a model's own table draws what the model draws; a nearby table draws the same from the same seed. */
    @Test
    void anyTableSamplesLikeTheCountModel() {
        BigramCounts m = BigramCounts.fit(3, PREV, NEXT, 1.0);
        double[][] table = m.logProbabilities();
        double[][] nearby = m.logProbabilities();
        for (double[] row : nearby) {
            for (int j = 0; j < row.length; j++) {
                row[j] = Math.log(Math.exp(row[j]) * (1 + 1e-9 * (j - 1)));
            }
        }
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        SplittableRandom c = new SplittableRandom(7);
        for (int i = 0; i < 50; i++) {
            int[] s = m.sample(a, 0, 20);
            assertThat(BigramCounts.sample(table, b, 0, 20)).containsExactly(s);
            assertThat(BigramCounts.sample(nearby, c, 0, 20)).containsExactly(s);
        }
        table[0][0] = 99;
        assertThat(m.logProbability(0, 0)).isNotEqualTo(99); // a copy
        assertThatThrownBy(() -> BigramCounts.sample(m.logProbabilities(), a, 0, 0)).hasMessageContaining("maxLength");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> BigramCounts.fit(3, new int[]{0, 3}, new int[]{1, 1}, 1))
                .hasMessage("pair 1: symbol 3 is outside 0..2");
        assertThatThrownBy(() -> BigramCounts.fit(3, new int[0], new int[0], 1)).hasMessageContaining("non-empty");
        assertThatThrownBy(() -> BigramCounts.fit(3, PREV, NEXT, -1)).hasMessageContaining("smoothing");
    }
}
