package io.github.mlplatform.experiments.names;

import io.github.mlplatform.datasets.text.CharVocabulary;
import io.github.mlplatform.datasets.text.ContextWindows;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RandomBatchesTest {

    static final CharVocabulary VOCAB = CharVocabulary.ofCharacters("abcdefghijklmnopqrstuvwxyz");
    static final ContextWindows DATA = ContextWindows.of(List.of("emma", "olivia", "ava", "isabella", "sophia"), VOCAB, 3);

    /** The example a batch row came from: its context and target must be one of the data's (row by row). */
    static int exampleOf(INDArray x, INDArray y, int row) {
        int target = y.getRow(row).argMax().getInt(0);
        assertThat(y.getRow(row).sumNumber().doubleValue()).isEqualTo(1.0);
        for (int i = 0; i < DATA.size(); i++) {
            int[] c = DATA.contexts()[i];
            if (DATA.targets()[i] == target && x.getFloat(row, 0) == c[0] && x.getFloat(row, 1) == c[1] && x.getFloat(row, 2) == c[2]) {
                return i;
            }
        }
        throw new AssertionError("row " + row + " is no example of the data");
    }

    @Test
    void drawsExamplesWithReplacementReproduciblyIntoReusedArrays() {
        RandomBatches it = new RandomBatches(DATA, VOCAB.size(), 8, 50, 123);
        assertThat(it.totalExamples()).isEqualTo(400);
        List<String> first = new ArrayList<>();
        INDArray x0 = null;
        int[] counts = new int[DATA.size()];
        while (it.hasNext()) {
            DataSet d = it.next();
            assertThat(d.getFeatures().shape()).containsExactly(8, 3);
            assertThat(d.getLabels().shape()).containsExactly(8, 27);
            if (x0 == null) {
                x0 = d.getFeatures();
            }
            assertThat(d.getFeatures()).isSameAs(x0); // the same array, rewritten
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < 8; r++) {
                int e = exampleOf(d.getFeatures(), d.getLabels(), r);
                counts[e]++;
                rows.append(e).append(' ');
            }
            first.add(rows.toString());
        }
        assertThatThrownBy(it::next).isInstanceOf(java.util.NoSuchElementException.class);
        for (int c : counts) {
            assertThat(c).as("every one of the %d examples is drawn (400 draws)", DATA.size()).isPositive();
        }
        it.reset();
        List<String> again = new ArrayList<>();
        RandomBatches other = it.with(50, 123);
        while (other.hasNext()) {
            DataSet d = other.next();
            StringBuilder rows = new StringBuilder();
            for (int r = 0; r < 8; r++) {
                rows.append(exampleOf(d.getFeatures(), d.getLabels(), r)).append(' ');
            }
            again.add(rows.toString());
        }
        assertThat(again).isEqualTo(first);
        assertThat(RandomBatches.epochSeed(42, 0)).isNotEqualTo(RandomBatches.epochSeed(42, 1)).isEqualTo(RandomBatches.epochSeed(42, 0));
    }
}
