package io.github.mlplatform.core;

import io.github.mlplatform.core.data.BatchIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchIteratorTest {

    private static DataSet batch(int n, double v) {
        return new DataSet(Nd4j.valueArrayOf(new long[]{n, 3}, v, DataType.FLOAT), Nd4j.zeros(DataType.FLOAT, n, 2));
    }

    @Test
    void servesTheBatchesInOrderAndAgainAfterReset() {
        BatchIterator it = BatchIterator.of(List.of(batch(4, 1), batch(2, 2)));
        assertThat(it.totalExamples()).isEqualTo(6);
        assertThat(it.batch()).isEqualTo(4);
        assertThat(it.inputColumns()).isEqualTo(3);
        assertThat(it.totalOutcomes()).isEqualTo(2);
        for (int pass = 0; pass < 2; pass++) {
            assertThat(it.next().getFeatures().getDouble(0)).isEqualTo(1.0);
            assertThat(it.next().numExamples()).isEqualTo(2);
            assertThat(it.hasNext()).isFalse();
            assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("reset()");
            it.reset();
        }
        assertThatThrownBy(() -> it.next(3)).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("fixed size (4)");
    }

    @Test
    void thePreProcessorSeesACopyAndNeverChangesTheSource() {
        DataSet source = batch(2, 1);
        BatchIterator it = BatchIterator.repeat(source, 3);
        it.setPreProcessor(d -> d.setFeatures(d.getFeatures().mul(10)));
        for (int i = 0; i < 3; i++) {
            assertThat(it.next().getFeatures().getDouble(0)).isEqualTo(10.0);
        }
        assertThat(source.getFeatures().getDouble(0)).isEqualTo(1.0);
        assertThatThrownBy(() -> BatchIterator.repeat(source, 0)).hasMessageContaining("times");
    }
}
