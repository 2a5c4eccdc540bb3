package io.github.mlplatform.datasets.pairs;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.DataSource;
import io.github.mlplatform.datasets.LabeledImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PairSamplerTest {

    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** {@code n} images of 2×3 pixels, each unique: pixel 0 = (i + offset) mod 200, pixel 1 = (i + offset) / 200, pixel 5 = 255; label labelOf(i). */
    private static LabeledImages data(int n, int offset, java.util.function.IntUnaryOperator labelOf) {
        byte[] px = new byte[n * 6];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            px[i * 6] = (byte) ((i + offset) % 200);
            px[i * 6 + 1] = (byte) ((i + offset) / 200);
            px[i * 6 + 5] = (byte) 255;
            labels[i] = (byte) labelOf.applyAsInt(i);
        }
        return new LabeledImages(new ByteImages(n, 2, 3, px), labels, DIGITS, DataSource.inMemory("synthetic"));
    }

    /** Labels skewed on purpose (class 0 holds 10/55 of the images, each other class 5/55), as a real split is mildly. */
    private static LabeledImages skewed(int n, int offset) {
        return data(n, offset, i -> (i % 55) < 10 ? 0 : 1 + (i % 55 - 10) % 9);
    }

    @Test
    void sameSeedSamePairsOtherSeedOtherPairs() {
        LabeledImages d = skewed(1000, 0);
        ImagePairs a = PairSampler.balanced(d, 400, 7);
        ImagePairs b = PairSampler.balanced(d, 400, 7);
        ImagePairs c = PairSampler.balanced(d, 400, 8);
        int differ = 0;
        for (int p = 0; p < 400; p++) {
            assertThat(new int[]{a.first(p), a.second(p)}).containsExactly(b.first(p), b.second(p));
            assertThat(a.same(p)).isEqualTo(b.same(p));
            differ += a.first(p) != c.first(p) || a.second(p) != c.second(p) ? 1 : 0;
        }
        assertThat(differ).isGreaterThan(390);
        assertThat(PairSampler.perClass(d, 5, 3)).containsExactly(PairSampler.perClass(d, 5, 3));
        assertThat(PairSampler.perClass(d, 5, 3)).isNotEqualTo(PairSampler.perClass(d, 5, 4));
    }

    @Test
    void exactlyHalfSameAndLabelsTellTheTruth() {
        LabeledImages d = skewed(1000, 0);
        for (int count : new int[]{2, 10, 1000, 5000}) {
            ImagePairs pairs = PairSampler.balanced(d, count, count);
            assertThat(pairs.size()).isEqualTo(count);
            assertThat(pairs.sameCount()).as("count %d", count).isEqualTo(count / 2);
            for (int p = 0; p < count; p++) {
                assertThat(pairs.same(p)).isEqualTo(d.label(pairs.first(p)) == d.label(pairs.second(p)));
                assertThat(pairs.first(p)).isNotEqualTo(pairs.second(p));
            }
        }
        // same and different interleaved, not in two blocks: the first quarter holds both kinds
        ImagePairs pairs = PairSampler.balanced(d, 1000, 1);
        int sameInFirstQuarter = 0;
        for (int p = 0; p < 250; p++) {
            sameInFirstQuarter += pairs.same(p) ? 1 : 0;
        }
        assertThat(sameInFirstQuarter).isBetween(90, 160);
        // every class takes part in same pairs, roughly in proportion to its frequency (class 0: 10/55 of the images)
        int class0 = 0;
        ImagePairs many = PairSampler.balanced(d, 20_000, 2);
        for (int p = 0; p < many.size(); p++) {
            if (many.same(p) && d.label(many.first(p)) == 0) {
                class0++;
            }
        }
        assertThat(class0 / 10_000.0).isBetween(0.15, 0.21);
    }

    @Test
    void pairsHoldOnlyImagesOfTheSplitTheyWereDrawnFrom() {
        LabeledImages train = skewed(600, 0);
        LabeledImages test = skewed(100, 1000);   // pixel values that no training image has
        Set<String> trainImages = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            trainImages.add(java.util.Arrays.toString(train.images().image(i)));
        }
        ImagePairs pairs = PairSampler.balanced(test, 200, 5);
        INDArray x = pairs.features(0, 200);
        assertThat(x.shape()).containsExactly(200, 2, 2, 3);
        for (int p = 0; p < 200; p++) {
            assertThat(pairs.first(p)).isBetween(0, test.size() - 1);
            assertThat(pairs.second(p)).isBetween(0, test.size() - 1);
            for (int ch = 0; ch < 2; ch++) {
                int index = ch == 0 ? pairs.first(p) : pairs.second(p);
                byte[] img = test.images().image(index);
                for (int j = 0; j < 6; j++) {   // channel ch is that test image, scaled to [0, 1]
                    assertThat(x.getDouble(p, ch, j / 3, j % 3)).isCloseTo((img[j] & 0xFF) / 255.0, org.assertj.core.data.Offset.offset(1e-6));
                }
                assertThat(trainImages).doesNotContain(java.util.Arrays.toString(img));
            }
        }
    }

    @Test
    void iteratorServesEveryPairOnceWithItsLabel() {
        LabeledImages d = skewed(300, 0);
        ImagePairs pairs = PairSampler.balanced(d, 50, 9);
        var it = pairs.iterator(16);
        int seen = 0;
        int sameSeen = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertThat(ds.getFeatures().size(1)).isEqualTo(2);
            assertThat(ds.getLabels().shape()).containsExactly(ds.getFeatures().size(0), 1);
            seen += (int) ds.getFeatures().size(0);
            sameSeen += ds.getLabels().sumNumber().intValue();
        }
        assertThat(seen).isEqualTo(50);
        assertThat(sameSeen).isEqualTo(25);
        assertThat(it.totalExamples()).isEqualTo(50);
        it.reset();
        assertThat(it.next().getFeatures()).isEqualTo(pairs.features(0, 16));
    }

    @Test
    void referencesPerClassAreDistinctAndOfTheirClass() {
        LabeledImages d = skewed(1000, 0);
        int[] refs = PairSampler.perClass(d, 10, 11);
        assertThat(refs).hasSize(100);
        assertThat(new HashSet<>(java.util.Arrays.stream(refs).boxed().toList())).hasSize(100);
        for (int j = 0; j < refs.length; j++) {
            assertThat(d.label(refs[j])).isEqualTo(j / 10);
        }
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        LabeledImages d = skewed(100, 0);
        assertThatThrownBy(() -> PairSampler.balanced(d, 7, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("count").hasMessageContaining("even").hasMessageContaining("7");
        assertThatThrownBy(() -> PairSampler.balanced(d, 0, 1)).hasMessageContaining("count");
        LabeledImages oneClass = data(20, 0, i -> 3);
        assertThatThrownBy(() -> PairSampler.balanced(oneClass, 10, 1)).hasMessageContaining("data").hasMessageContaining("1 class");
        LabeledImages singletons = data(10, 0, i -> i);   // ten classes, one image each: no same pair exists
        assertThatThrownBy(() -> PairSampler.balanced(singletons, 10, 1)).hasMessageContaining("class with two images");
        assertThatThrownBy(() -> PairSampler.perClass(d, 0, 1)).hasMessageContaining("perClass");
        assertThatThrownBy(() -> PairSampler.perClass(d, 50, 1)).hasMessageContaining("class 0").hasMessageContaining("perClass = 50");
        ImagePairs pairs = PairSampler.balanced(d, 10, 1);
        assertThatThrownBy(() -> pairs.features(5, 11)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("0..10");
        assertThatThrownBy(() -> pairs.iterator(0)).hasMessageContaining("batchSize");
    }
}
