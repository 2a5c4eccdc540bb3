package io.github.mlplatform.invariance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused CPU implementation against the ND4J one at the seed's sizes (900 x 400 sparse, 100
 * invariant), 1,000 steps from the same seed on tapestry frames, as 2 epochs of 500 (so the EMA
 * state is reset once) with a renormalisation every 200 steps. Both runs must choose the same
 * winners at every step (a single flip would make trajectories part) and end with weights within
 * 1e-4 relative difference.
 *
 * <p>Precision: with both in DOUBLE the difference is pure rounding (about 1e-14), so the test
 * checks the algorithms themselves (the fused layers' sparse products, incremental row sums and lazy
 * row scales of U) at a tolerance far below 1e-4. The fused layer's default, FLOAT sparse weights,
 * is compared with the ND4J run in DOUBLE, i.e. with near-exact arithmetic: the difference is the
 * float rounding of the fast path (about 1e-6 on these frames). A near-tie between the n-th and
 * (n+1)-th activation closer than float rounding would flip a winner and fail the test: it does not
 * happen on these frames, and this is the honest limit of comparing float32 runs step by step.
 */
class ImplementationEquivalenceTest {

    static List<int[]> run(InvarianceModel model, float[][] frames, int steps) {
        List<int[]> winners = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            if (i % 500 == 0) {
                model.startEpoch();
            }
            int[] w = model.step(frames[i]).indices();
            Arrays.sort(w);
            winners.add(w);
        }
        return winners;
    }

    @ParameterizedTest(name = "fused {0} vs nd4j {1}")
    @CsvSource({"DOUBLE, DOUBLE, 1e-10", "FLOAT, DOUBLE, 1e-4"})
    void fusedAndNd4jEndWithTheSameWeights(Precision fusedPrecision, Precision nd4jPrecision, double tol) {
        MwtaConfig sc = MwtaConfig.defaults();
        EmaInvariantConfig ic = EmaInvariantConfig.defaults().withRenormEvery(200);
        float[][] frames = TestData.frames();
        InvarianceModel fused = InvarianceModel.create(Implementation.FUSED, sc, ic, fusedPrecision, 2021);
        InvarianceModel nd4j = InvarianceModel.create(Implementation.ND4J, sc, ic, nd4jPrecision, 2021);
        assertThat(fused.sparse().weights()).isEqualTo(nd4j.sparse().weights());
        assertThat(fused.invariant().weights()).isEqualTo(nd4j.invariant().weights());

        List<int[]> a = run(fused, frames, 1000);
        List<int[]> b = run(nd4j, frames, 1000);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i)).as("winners at step %d", i).containsExactly(b.get(i));
        }
        double dw = fused.sparse().weights().maxRelativeDifference(nd4j.sparse().weights(), 1e-12);
        double du = fused.invariant().weights().maxRelativeDifference(nd4j.invariant().weights(), 1e-12);
        assertThat(dw).as("W relative difference").isLessThan(tol);
        assertThat(du).as("U relative difference").isLessThan(tol);
        // the weights did move: the comparison is not of two untouched initialisations
        DenseMatrix w0 = WeightInit.initial(sc, ic, 2021)[0];
        assertThat(fused.sparse().weights().maxRelativeDifference(w0, 1e-12)).isGreaterThan(1e-2);
    }
}
