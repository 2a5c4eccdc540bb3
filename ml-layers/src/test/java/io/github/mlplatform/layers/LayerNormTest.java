package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerNormTest {

    /** (x − mean)/sqrt(var + eps) over the last {@code size} values of each row-block, then ·γ + β. */
    static double[] reference(double[] x, double eps, double[] gamma, double[] beta) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= x.length;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (x[i] - mean) / Math.sqrt(var + eps) * gamma[i] + beta[i];
        }
        return out;
    }

    @Test
    void normalisesEachExampleOverTheLastDimension() {
        Model m = doubleModel(new LayerNorm(6), 6);
        // non-trivial affine parameters
        m.sameDiff().getArrForVarName("weight").assign(gaussian(1, 1, 6));
        m.sameDiff().getArrForVarName("bias").assign(gaussian(2, 1, 6));
        Map<String, INDArray> sd = m.stateDict();
        INDArray x = gaussian(3, 3, 4, 6).addi(5);
        double[][] xs = toArray(x);
        double[][] expected = new double[4][];
        for (int i = 0; i < 4; i++) {
            expected[i] = reference(xs[i], 1e-5, sd.get("weight").toDoubleVector(), sd.get("bias").toDoubleVector());
        }
        assertClose(m.predict(x), expected, 1e-10);
    }

    @Test
    void normalisesOverSeveralTrailingDimensions() {
        // the seed's LayerNorm((30, 30)) on [batch, channels, 30, 30], here (2, 3) on [batch, 4, 2, 3]
        Model m = doubleModel(new LayerNorm(2, 3), 4, 2, 3);
        INDArray x = gaussian(4, 2, 2, 4, 2, 3);
        INDArray y = m.predict(x);
        assertThat(y.shape()).containsExactly(2, 4, 2, 3);
        double[] ones = {1, 1, 1, 1, 1, 1};
        double[] zeros = new double[6];
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 4; c++) {
                double[] block = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                        .dup('c').reshape(6).toDoubleVector();
                double[] got = y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b), org.nd4j.linalg.indexing.NDArrayIndex.point(c))
                        .dup('c').reshape(6).toDoubleVector();
                double[] want = reference(block, 1e-5, ones, zeros);
                for (int i = 0; i < 6; i++) {
                    assertThat(got[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(1e-10));
                }
            }
        }
    }

    @Test
    void wrongTrailingShapeIsAClearError() {
        assertThatThrownBy(() -> doubleModel(new LayerNorm(16), 12)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[16]").hasMessageContaining("[batch, 12]");
        assertThatThrownBy(() -> new LayerNorm(new long[]{4}, 0, true)).hasMessageContaining("eps");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Model m = doubleModel(new Sequential(new Linear(3, 5), new LayerNorm(5), new Linear(5, 2)), 3);
        m.sameDiff().getArrForVarName("1.weight").assign(gaussian(7, 1, 5));
        m.sameDiff().getArrForVarName("1.bias").assign(gaussian(8, 1, 5));
        assertGradientsMatch(m, gaussian(5, 1, 4, 3), gaussian(6, 1, 4, 2));
    }

    @Test
    void withoutAffineParametersItHasNone() {
        LayerNorm ln = new LayerNorm(new long[]{4}, 1e-5, false);
        assertThat(ln.parameterCount()).isZero();
        INDArray y = doubleModel(ln, 4).predict(gaussian(9, 1, 3, 4));
        assertThat(y.mean(1).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        assertSaveLoadRoundTrip(doubleModel(new Sequential(new Flatten(), new LayerNorm(6)), 2, 3), gaussian(1, 1, 3, 2, 3), dir);
    }
}
