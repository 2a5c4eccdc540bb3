package io.github.mlplatform.layers;

import io.github.mlplatform.core.check.GradientCheck;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelTest {

    @Test
    void concatenatesBranchOutputsAlongTheFeatureAxis() {
        INDArray x = gaussian(1, 1, 3, 4);
        INDArray y = doubleModel(new Parallel(LambdaModule.identity(), Activation.relu()), 4).predict(x);
        double[][] xs = toArray(x);
        double[][] expected = new double[3][8];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                expected[i][j] = xs[i][j];
                expected[i][4 + j] = Math.max(0, xs[i][j]);
            }
        }
        assertClose(y, expected, 0);
    }

    @Test
    void allActivationsBlockHasTheSeedsTenBranchesInOrder() {
        int n = 16;
        Parallel block = Parallel.allActivations(n, 3);
        assertThat(block.branches()).hasSize(10);
        Model m = doubleModel(block, n);
        INDArray x = gaussian(2, 1.5, 4, n);
        INDArray y = m.predict(x);
        assertThat(y.shape()).containsExactly(4, 10 * n);
        double[][] xs = toArray(x);
        double[][] ys = toArray(y);
        double[][] sm4 = groupedSoftmax(xs, 4);
        for (int b = 0; b < 4; b++) {
            for (int j = 0; j < n; j++) {
                double v = xs[b][j];
                assertThat(ys[b][j]).isEqualTo(v);
                assertThat(ys[b][n + j]).isEqualTo(Math.max(0, v));
                assertThat(ys[b][2 * n + j]).isCloseTo(gelu(v), org.assertj.core.data.Offset.offset(1e-12));
                assertThat(ys[b][3 * n + j]).isCloseTo(sigmoid(v), org.assertj.core.data.Offset.offset(1e-12));
                assertThat(ys[b][4 * n + j]).isCloseTo(v >= 0 ? v : 0.01 * v, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(ys[b][5 * n + j]).isCloseTo(Math.log(sigmoid(v)), org.assertj.core.data.Offset.offset(1e-12));
                assertThat(ys[b][6 * n + j]).isCloseTo(sm4[b][j], org.assertj.core.data.Offset.offset(1e-12));
            }
            // permuted groups of 8 still sum to 1 over their (random) members
            int[] p = ((SoftmaxGrouped) block.branches().get(7)).permutation();
            for (int g = 0; g < n / 8; g++) {
                double s = 0;
                for (int i = 8 * g; i < 8 * g + 8; i++) {
                    s += ys[b][7 * n + p[i]];
                }
                assertThat(s).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        assertThat(block.summary()).contains("SoftmaxGrouped(group_size=8, permute_size=16").contains("LeakyReLU");
        assertThatThrownBy(() -> Parallel.allActivations(12)).hasMessageContaining("multiple of 8");
    }

    @Test
    void gradientsOfTheAllActivationsBlockMatchFiniteDifferences() {
        Model m = doubleModel(new Sequential(new Linear(4, 8), Parallel.allActivations(8, 1), new Linear(80, 2)), 4);
        // up to 4 elements of each of the 8 parameters (the last bias has 2): enough to see gradients flow
        // through every branch, including both fixed permutations, to the first Linear
        GradientCheck.Result r = assertGradientsMatch(m, gaussian(5, 1, 3, 4), gaussian(6, 1, 3, 2), 4);
        assertThat(r.checked()).isEqualTo(7 * 4 + 2);
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Model m = doubleModel(new Sequential(new Linear(4, 8), Parallel.allActivations(8, 2)), 4);
        assertSaveLoadRoundTrip(m, gaussian(7, 1, 3, 4), dir);
    }
}
