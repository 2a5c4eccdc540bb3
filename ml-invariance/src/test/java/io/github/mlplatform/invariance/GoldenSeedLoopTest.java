package io.github.mlplatform.invariance;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.util.Json;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faithfulness to the seed's exact order of operations: the golden file is the seed's training
 * loop run verbatim in NumPy float64 (src/test/python/make_golden.py), 2 epochs x 10 steps on 16
 * sparse x 25 inputs x 4 invariant neurons, with a renormalisation every 7 steps, two identical
 * sparse neurons (an exact tie of activations, resolved by index at step 4) and a blank frame (all
 * activations 0). Every step's winners, outputs x and EMA state o, and the final W and U, must match.
 */
class GoldenSeedLoopTest {

    static JsonNode g;
    static MwtaConfig sc;
    static EmaInvariantConfig ic;
    static DenseMatrix w0;
    static DenseMatrix u0;
    static float[][] frames;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = GoldenSeedLoopTest.class.getResourceAsStream("/golden/seed_loop_small.json")) {
            g = Json.mapper().readTree(in);
        }
        JsonNode s = g.get("sparse");
        JsonNode i = g.get("invariant");
        sc = new MwtaConfig(s.get("neurons").asInt(), s.get("inputs").asInt(), s.get("winners").asInt(),
                s.get("xi").asDouble(), s.get("eps").asDouble(), 0.2);
        ic = new EmaInvariantConfig(i.get("neurons").asInt(), sc.neurons(), i.get("alpha").asDouble(), i.get("leta").asDouble(),
                i.get("seta").asDouble(), i.get("eps").asDouble(), 0.1, i.get("renormEvery").asInt(), i.get("renormSum").asDouble());
        w0 = matrix(g.get("w0"));
        u0 = matrix(g.get("u0"));
        JsonNode f = g.get("frames");
        frames = new float[f.size()][];
        for (int t = 0; t < f.size(); t++) {
            frames[t] = new float[f.get(t).size()];
            for (int q = 0; q < frames[t].length; q++) {
                frames[t][q] = (float) f.get(t).get(q).asDouble();
                assertThat((double) frames[t][q]).isEqualTo(f.get(t).get(q).asDouble()); // frames are float32 values
            }
        }
    }

    static DenseMatrix matrix(JsonNode rows) {
        double[][] r = new double[rows.size()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = new double[rows.get(i).size()];
            for (int j = 0; j < r[i].length; j++) {
                r[i][j] = rows.get(i).get(j).asDouble();
            }
        }
        return DenseMatrix.ofRows(r);
    }

    static double[] vector(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }

    static double relDiff(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-12, Math.max(Math.abs(a[i]), Math.abs(b[i]))));
        }
        return worst;
    }

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource({"FUSED, DOUBLE, 1e-9", "ND4J, DOUBLE, 1e-9", "FUSED, FLOAT, 1e-4", "ND4J, FLOAT, 1e-4"})
    void everyStepMatchesTheSeedLoop(Implementation impl, Precision precision, double tol) {
        InvarianceModel model = InvarianceModel.create(impl, sc, ic, precision, w0, u0);
        int epochs = g.get("epochs").asInt();
        int steps = g.get("stepsPerEpoch").asInt();
        int k = 0;
        for (int ep = 0; ep < epochs; ep++) {
            model.startEpoch();
            for (int i = 0; i < steps; i++, k++) {
                JsonNode expected = g.get("steps").get(k);
                SparseCode x = model.step(frames[i]);
                int[] winners = x.indices();
                Arrays.sort(winners);
                int[] want = new int[expected.get("winners").size()];
                for (int t = 0; t < want.length; t++) {
                    want[t] = expected.get("winners").get(t).asInt();
                }
                assertThat(winners).as("winners at epoch %d step %d", ep, i).containsExactly(want);
                assertThat(relDiff(x.toDenseDouble(), vector(expected.get("x")))).as("x at %d/%d", ep, i).isLessThan(tol);
                assertThat(relDiff(model.invariant().state(), vector(expected.get("o")))).as("o at %d/%d", ep, i).isLessThan(tol);
            }
        }
        assertThat(model.sparse().weights().maxRelativeDifference(matrix(g.get("w")), 1e-12)).isLessThan(tol);
        assertThat(model.invariant().weights().maxRelativeDifference(matrix(g.get("u")), 1e-12)).isLessThan(tol);
    }

    @Test
    void theJavaReferenceReproducesTheGoldenFile() {
        SeedReference ref = new SeedReference(sc, ic, w0, u0);
        int steps = g.get("stepsPerEpoch").asInt();
        for (int ep = 0; ep < g.get("epochs").asInt(); ep++) {
            ref.startEpoch();
            for (int i = 0; i < steps; i++) {
                ref.step(TestData.toDouble(frames[i]), i);
            }
        }
        assertThat(SeedReference.toMatrix(ref.w).maxRelativeDifference(matrix(g.get("w")), 1e-12)).isLessThan(1e-12);
        assertThat(SeedReference.toMatrix(ref.u).maxRelativeDifference(matrix(g.get("u")), 1e-12)).isLessThan(1e-12);
    }

    @Test
    void theGoldenFileExercisesTheTieAndTheBlankFrame() {
        // step 4 of epoch 0: neurons 3 and 9 are identical and tie at the boundary; the larger index wins
        assertThat(g.get("steps").get(4).get("winners").toString()).isEqualTo("[4,8,9,10]");
        // step 5: a blank frame, every activation is 0: the four largest indices "win" with output 0
        assertThat(g.get("steps").get(5).get("winners").toString()).isEqualTo("[12,13,14,15]");
        assertThat(vector(g.get("steps").get(5).get("x"))).containsOnly(0.0);
    }
}
