package io.github.mlplatform.invariance;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fused invariant layer's rarely taken paths against the straightforward dense seed loop
 * ({@link SeedReference}, double): columns whose reconstruction r falls below eps (they need their
 * own update, not the shared row factor) and the folding of row scales that leave their range.
 */
class FusedInvariantEdgeCasesTest {

    static final MwtaConfig SPARSE = new MwtaConfig(16, 25, 4, 0.008, 1e-10, 0.2);

    static float[][] frames() {
        SplittableRandom rng = new SplittableRandom(1);
        float[][] fr = new float[50][25];
        for (float[] f : fr) {
            for (int j = 0; j < 25; j++) {
                f[j] = rng.nextDouble() < 0.4 ? (float) rng.nextDouble() : 0f;
            }
        }
        return fr;
    }

    static double run(EmaInvariantConfig ic, DenseMatrix u0, FusedEmaInvariantLayer layer, int steps) {
        DenseMatrix w0 = WeightInit.initial(SPARSE, ic, 5)[0];
        InvarianceModel fused = new InvarianceModel(new FusedMwtaLayer(SPARSE, Precision.DOUBLE, w0), layer);
        SeedReference ref = new SeedReference(SPARSE, ic, w0, u0);
        float[][] fr = frames();
        for (int i = 0; i < steps; i++) {
            if (i % 50 == 0) {
                fused.startEpoch();
                ref.startEpoch();
            }
            fused.step(fr[i % 50]);
            ref.step(TestData.toDouble(fr[i % 50]), i % 50);
        }
        assertThat(fused.sparse().weights().maxRelativeDifference(SeedReference.toMatrix(ref.w), 1e-300)).isLessThan(1e-9);
        assertThat(fused.invariant().state()).containsExactly(ref.io, org.assertj.core.data.Offset.offset(1e-12));
        return fused.invariant().weights().maxRelativeDifference(SeedReference.toMatrix(ref.u), 1e-300);
    }

    @Test
    void columnsWithReconstructionBelowEpsGetTheirExactUpdate() {
        EmaInvariantConfig ic = new EmaInvariantConfig(4, 16, 1.0 / 3, 0.05, 0.0005, 1e-10, 0.1, 7, 2.0);
        double[] u = WeightInit.initial(SPARSE, ic, 5)[1].data().clone();
        for (int k = 0; k < 4; k++) {
            u[k * 16 + 2] = 0;        // a column of zeros: r = 0 < eps
            u[k * 16 + 5] = 1e-14;    // a nearly dead column: r < eps
        }
        DenseMatrix u0 = new DenseMatrix(4, 16, u);
        FusedEmaInvariantLayer layer = new FusedEmaInvariantLayer(ic, u0);
        assertThat(run(ic, u0, layer, 2000)).isLessThan(1e-9);
        assertThat(layer.diagnostics().get("exactColumnDots").longValue()).isPositive();
    }

    @Test
    void rowScalesOutOfRangeAreFoldedIntoTheWeights() {
        EmaInvariantConfig ic = new EmaInvariantConfig(4, 16, 1.0 / 3, 0.05, 0.5, 1e-10, 0.1, 0, 2.0);
        DenseMatrix u0 = WeightInit.initial(SPARSE, ic, 5)[1];
        // a narrow range [0.999, 1.001]: almost every step folds some row scale
        FusedEmaInvariantLayer layer = new FusedEmaInvariantLayer(ic, u0, 0.999, 1.001);
        assertThat(run(ic, u0, layer, 1000)).isLessThan(1e-9);
        assertThat(layer.diagnostics().get("rowRescales").longValue()).isGreaterThan(100);
    }
}
