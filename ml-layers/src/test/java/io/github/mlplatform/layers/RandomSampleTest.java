package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Arrays;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RandomSampleTest {

    @Test
    void picksAFixedSeededSubsetOfDistinctFeatures() {
        RandomSample rs = new RandomSample(30, 7, 4);
        int[] idx = rs.indices();
        assertThat(idx).hasSize(7).doesNotHaveDuplicates();
        assertThat(Arrays.stream(idx).allMatch(i -> i >= 0 && i < 30)).isTrue();
        assertThat(new RandomSample(30, 7, 4).indices()).isEqualTo(idx);
        assertThat(new RandomSample(30, 7, 5).indices()).isNotEqualTo(idx);

        INDArray x = gaussian(1, 1, 3, 30);
        INDArray y = doubleModel(rs, 30).predict(x);
        assertThat(y.shape()).containsExactly(3, 7);
        for (int b = 0; b < 3; b++) {
            for (int j = 0; j < 7; j++) {
                assertThat(y.getDouble(b, j)).isEqualTo(x.getDouble(b, idx[j]));
            }
        }
    }

    @Test
    void worksAfterFlattenOnImages() {
        INDArray x = gaussian(2, 1, 2, 1, 4, 4);
        RandomSample rs = new RandomSample(16, 5, 1);
        INDArray y = doubleModel(new Sequential(new Flatten(), rs), 1, 4, 4).predict(x);
        INDArray flat = x.reshape(2, 16);
        for (int j = 0; j < 5; j++) {
            assertThat(y.getDouble(1, j)).isEqualTo(flat.getDouble(1, rs.indices()[j]));
        }
    }

    @Test
    void wrongInputSizeIsAClearError() {
        assertThatThrownBy(() -> doubleModel(new RandomSample(784, 16, 0), 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[batch, 784]").hasMessageContaining("[batch, 100]");
        assertThatThrownBy(() -> new RandomSample(10, 11, 0)).hasMessageContaining("k <= inputSize");
    }

    @Test
    void saveAndLoadKeepTheSubset(@TempDir Path dir) throws Exception {
        Model m = doubleModel(new RandomSample(12, 4, 3), 12);
        assertSaveLoadRoundTrip(m, gaussian(3, 1, 2, 12), dir);
    }
}
