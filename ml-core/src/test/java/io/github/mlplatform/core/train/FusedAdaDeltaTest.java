package io.github.mlplatform.core.train;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.IUpdater;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass AdaDelta step gives ND4J's AdaDelta followed by {@code g *= lr}, on one thread or split. */
class FusedAdaDeltaTest {

    static GradientUpdater<?> updater(IUpdater cfg, INDArray param) {
        INDArray view = Nd4j.zeros(param.dataType(), 1, cfg.stateSize(param.length()));
        GradientUpdater<?> u = cfg.instantiate(view, true);
        u.setStateViewArray(view, param.shape(), 'c', true);
        return u;
    }

    static double maxRel(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-30, b.amaxNumber().doubleValue());
    }

    /** Five steps of ours and of ND4J's op on the same gradients: the same parameters after each, in float and double. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givesNd4jsAdaDeltaScaledByTheRate(int threads) {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        try {
            for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
                long n = FusedAdaDelta.PARALLEL_MIN + 12_345; // splits when threads > 1
                INDArray ours = Nd4j.zeros(dt, 3, n / 3 + 1);
                INDArray theirs = ours.dup();
                GradientUpdater<?> fused = updater(new ScaledAdaDelta(0.7, null, 0.9, 1e-6), ours);
                GradientUpdater<?> nd4j = updater(new AdaDelta(0.9, 1e-6), theirs);
                for (int step = 0; step < 5; step++) {
                    Nd4j.getRandom().setSeed(step);
                    INDArray g = Nd4j.randn(dt, ours.shape()).muli(step == 0 ? 1e-3 : 10);
                    INDArray g1 = g.dup();
                    INDArray g2 = g.dup();
                    fused.applyUpdater(g1, step, 0);
                    nd4j.applyUpdater(g2, step, 0);
                    g2.muli(0.7);
                    ours.subi(g1);
                    theirs.subi(g2);
                    assertThat(maxRel(g1, g2)).as("%s step %d, %d thread(s)", dt, step, threads).isLessThan(dt == DataType.FLOAT ? 1e-6 : 1e-14);
                }
                assertThat(maxRel(ours, theirs)).as("%s parameters", dt).isLessThan(dt == DataType.FLOAT ? 1e-6 : 1e-14);
                assertThat(ours.amaxNumber().doubleValue()).as("the parameters moved").isGreaterThan(1e-4);
            }
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }

    @Test
    void refusesArraysItCannotWalkInOrder() {
        INDArray g = Nd4j.rand(DataType.FLOAT, 4, 5);
        INDArray state = Nd4j.zeros(DataType.FLOAT, 4, 5);
        // contiguous arrays, and views of a larger buffer at an offset (ND4J's state is two halves of one array), are taken
        INDArray halves = Nd4j.zeros(DataType.FLOAT, 2, 20);
        assertThat(FusedAdaDelta.apply(g.dup(), halves.getRow(0).reshape(4, 5), halves.getRow(1).reshape(4, 5), 0.9, 1e-6, 1)).isTrue();
        assertThat(halves.getRow(0).amaxNumber().doubleValue()).isGreaterThan(0);
        assertThat(FusedAdaDelta.apply(g.transpose(), state.transpose(), state.dup().transpose(), 0.9, 1e-6, 1)).isFalse();
        assertThat(FusedAdaDelta.apply(g, state, Nd4j.zeros(DataType.FLOAT, 4, 6), 0.9, 1e-6, 1)).isFalse();
        assertThat(FusedAdaDelta.apply(g, state, Nd4j.zeros(DataType.DOUBLE, 4, 5), 0.9, 1e-6, 1)).isFalse();
        assertThat(FusedAdaDelta.apply(g.castTo(DataType.HALF), state.castTo(DataType.HALF), state.castTo(DataType.HALF), 0.9, 1e-6, 1))
                .isFalse();
        // a column slice is a strided view: refused, and the updater still gets the right step through ND4J
        INDArray wide = Nd4j.rand(DataType.FLOAT, 5, 4);
        INDArray column = wide.getColumn(1);
        INDArray expected = column.dup();
        updater(new AdaDelta(0.9, 1e-6), expected).applyUpdater(expected, 0, 0);
        updater(new ScaledAdaDelta(1.0, null, 0.9, 1e-6), column).applyUpdater(column, 0, 0);
        assertThat(maxRel(column, expected)).isLessThan(1e-6);
    }
}
