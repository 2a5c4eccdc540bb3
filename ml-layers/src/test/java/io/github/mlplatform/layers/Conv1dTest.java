package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
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

class Conv1dTest {

    /** PyTorch's Conv1d(1, k, kernel_size=k, stride=k) → Flatten → GELU, written out with loops. */
    static double[][] blocksReference(double[][] x, int[] perm, double[][] w, double[] bias, int k) {
        int n = x[0].length;
        int m = n / k;
        double[][] out = new double[x.length][n];
        for (int b = 0; b < x.length; b++) {
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = x[b][perm == null ? i : perm[i]];
            }
            for (int c = 0; c < k; c++) {
                for (int p = 0; p < m; p++) {
                    double z = bias[c];
                    for (int j = 0; j < k; j++) {
                        z += w[j][c] * u[p * k + j];
                    }
                    out[b][c * m + p] = gelu(z);
                }
            }
        }
        return out;
    }

    /** Cross-correlation with zero padding ⌊(k−1)/2⌋ left, the rest right; permutation undone. */
    static double[][] sameReference(double[][] x, int[] perm, double[] w, double bias) {
        int n = x[0].length;
        int k = w.length;
        int left = (k - 1) / 2;
        double[][] out = new double[x.length][n];
        for (int b = 0; b < x.length; b++) {
            double[] u = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = x[b][perm == null ? i : perm[i]];
            }
            for (int i = 0; i < n; i++) {
                double z = bias;
                for (int j = 0; j < k; j++) {
                    int idx = i + j - left;
                    if (idx >= 0 && idx < n) {
                        z += w[j] * u[idx];
                    }
                }
                out[b][perm == null ? i : perm[i]] = z;
            }
        }
        return out;
    }

    @Test
    void blocksModeIsTheSeedsStridedConvolutionWithGelu() {
        for (Conv1d conv : new Conv1d[]{new Conv1d(4), new Conv1d(4, 16, 3)}) {
            Model m = doubleModel(conv, 16);
            INDArray x = gaussian(1, 1, 3, 16);
            INDArray y = m.predict(x);
            assertThat(y.shape()).containsExactly(3, 16);
            Map<String, INDArray> sd = m.stateDict();
            assertThat(sd.get("weight").shape()).containsExactly(4, 4);
            assertThat(sd.get("bias").shape()).containsExactly(4);
            double[][] expected = blocksReference(toArray(x), conv.permutation(), toArray(sd.get("weight")),
                    sd.get("bias").toDoubleVector(), 4);
            assertClose(y, expected, 1e-12);
        }
    }

    @Test
    void sameModePreservesPositionsWithSamePadding() {
        for (int k : new int[]{3, 4}) {
            for (Conv1d conv : new Conv1d[]{Conv1d.same(k), Conv1d.same(k, 10, 8)}) {
                Model m = doubleModel(conv, 10);
                INDArray x = gaussian(2, 1, 2, 10);
                Map<String, INDArray> sd = m.stateDict();
                assertThat(sd.get("weight").shape()).containsExactly(k);
                assertThat(sd.get("bias").shape()).containsExactly(1);
                double[][] expected = sameReference(toArray(x), conv.permutation(), sd.get("weight").toDoubleVector(), sd.get("bias").getDouble(0));
                assertClose(m.predict(x), expected, 1e-12);
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesInBothModes() {
        INDArray x = gaussian(3, 1, 4, 8);
        INDArray y = gaussian(4, 1, 4, 2);
        for (Conv1d conv : new Conv1d[]{new Conv1d(4, 8, 1), Conv1d.same(3, 8, 2)}) {
            Model m = doubleModel(new Sequential(new Linear(8, 8), conv, new Linear(8, 2)), 8);
            assertGradientsMatch(m, x, y);
        }
    }

    @Test
    void clearErrorsForBadSizes() {
        assertThatThrownBy(() -> doubleModel(new Conv1d(4), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature count 10").hasMessageContaining("kernel 4");
        assertThatThrownBy(() -> doubleModel(new Conv1d(2, 8, 0), 10)).hasMessageContaining("permuteSize 8");
        assertThatThrownBy(() -> new Conv1d(0)).hasMessageContaining("kernel");
        assertThatThrownBy(() -> new Conv1d(4, 10, 0)).hasMessageContaining("not a multiple");
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Model m = doubleModel(new Sequential(new Conv1d(4, 8, 5), Conv1d.same(3, 8, 6)), 8);
        assertSaveLoadRoundTrip(m, gaussian(5, 1, 3, 8), dir);
    }
}
