package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoftmaxGroupedTest {

    @Test
    void eachGroupIsASoftmaxOfItsOwnFeatures() {
        INDArray x = gaussian(1, 2.0, 3, 12);
        Model m = doubleModel(new SoftmaxGrouped(4), 12);
        INDArray y = m.predict(x);
        assertThat(y.shape()).containsExactly(3, 12);
        assertClose(y, groupedSoftmax(toArray(x), 4), 1e-12);
        double[][] out = toArray(y);
        for (double[] row : out) {
            for (int g = 0; g < 3; g++) {
                assertThat(row[4 * g] + row[4 * g + 1] + row[4 * g + 2] + row[4 * g + 3]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void withPermutationGroupsAreRandomFeatureSetsAndOrderIsRestored() {
        int n = 16;
        SoftmaxGrouped sg = new SoftmaxGrouped(8, n, 5);
        int[] p = sg.permutation();
        assertThat(p).hasSize(n).containsExactlyInAnyOrder(java.util.stream.IntStream.range(0, n).toArray());
        INDArray x = gaussian(2, 1.5, 4, n);
        INDArray y = doubleModel(sg, n).predict(x);

        // Java: u = x[:, p]; softmax in groups of 8 of u; output feature p[i] gets the value of u's position i
        double[][] xs = toArray(x);
        double[][] u = new double[xs.length][n];
        for (int b = 0; b < xs.length; b++) {
            for (int i = 0; i < n; i++) {
                u[b][i] = xs[b][p[i]];
            }
        }
        double[][] su = groupedSoftmax(u, 8);
        double[][] expected = new double[xs.length][n];
        for (int b = 0; b < xs.length; b++) {
            for (int i = 0; i < n; i++) {
                expected[b][p[i]] = su[b][i];
            }
        }
        assertClose(y, expected, 1e-12);
        // and it is not the unpermuted result
        assertThat(y.equalsWithEps(doubleModel(new SoftmaxGrouped(8), n).predict(x), 1e-6)).isFalse();
    }

    @Test
    void permutationIsFixedBySeed() {
        assertThat(new SoftmaxGrouped(4, 32, 9).permutation()).isEqualTo(new SoftmaxGrouped(4, 32, 9).permutation());
        assertThat(new SoftmaxGrouped(4, 32, 9).permutation()).isNotEqualTo(new SoftmaxGrouped(4, 32, 10).permutation());
        assertThat(new SoftmaxGrouped(4).permutation()).isNull();
    }

    @Test
    void featureCountNotAMultipleOfTheGroupSizeIsAClearError() {
        assertThatThrownBy(() -> doubleModel(new SoftmaxGrouped(4), 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature count 6").hasMessageContaining("group size 4");
        // also when the feature count is only known by running the graph (after a Linear)
        assertThatThrownBy(() -> doubleModel(new Sequential(new Linear(3, 10), new SoftmaxGrouped(4)), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature count 10").hasMessageContaining("group size 4");
        assertThatThrownBy(() -> doubleModel(new SoftmaxGrouped(4, 8, 0), 12))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permuteSize 8").hasMessageContaining("12 features");
        assertThatThrownBy(() -> new SoftmaxGrouped(0)).hasMessageContaining("groupSize");
        assertThatThrownBy(() -> new SoftmaxGrouped(4, 10, 0)).hasMessageContaining("not a multiple");
    }

    @Test
    void saveAndLoadKeepThePermutation(@TempDir Path dir) throws Exception {
        INDArray x = gaussian(3, 1, 5, 16);
        Model m = doubleModel(new Sequential(new Linear(16, 16), new SoftmaxGrouped(4, 16, 77)), 16);
        assertSaveLoadRoundTrip(m, x, dir);
    }
}
