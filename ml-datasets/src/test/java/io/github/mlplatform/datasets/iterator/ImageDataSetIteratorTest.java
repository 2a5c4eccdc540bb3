package io.github.mlplatform.datasets.iterator;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.DataSource;
import io.github.mlplatform.datasets.LabeledImages;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageDataSetIteratorTest {

    private static final int N = 10;
    private static final int ROWS = 2;
    private static final int COLS = 3;
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    /** Example i: pixel j = 20·i + j (so the example is recoverable from its first pixel), label (3·i) mod 10. */
    private static LabeledImages data() {
        byte[] px = new byte[N * ROWS * COLS];
        byte[] labels = new byte[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < ROWS * COLS; j++) {
                px[i * ROWS * COLS + j] = (byte) (20 * i + j);
            }
            labels[i] = (byte) ((3 * i) % 10);
        }
        return new LabeledImages(new ByteImages(N, ROWS, COLS, px), labels, DIGITS, DataSource.inMemory("synthetic"));
    }

    private static int exampleOf(INDArray features, int row, IteratorConfig.Scaling scaling) {
        double first = features.reshape(features.size(0), ROWS * COLS).getDouble(row, 0);
        double raw = scaling == IteratorConfig.Scaling.NONE ? first : first * 255;
        return (int) Math.round(raw / 20);
    }

    private static List<Integer> epochOrder(ImageDataSetIterator it) {
        List<Integer> seen = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            for (int r = 0; r < ds.getFeatures().size(0); r++) {
                seen.add(exampleOf(ds.getFeatures(), r, it.config().scaling()));
            }
        }
        return seen;
    }

    @Test
    void flatShapesAndLastPartialBatch() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withBatchSize(4));
        List<long[]> shapes = new ArrayList<>();
        List<long[]> labelShapes = new ArrayList<>();
        while (it.hasNext()) {
            DataSet ds = it.next();
            shapes.add(ds.getFeatures().shape());
            labelShapes.add(ds.getLabels().shape());
            assertThat(ds.getFeatures().dataType()).isEqualTo(DataType.FLOAT);
        }
        assertThat(shapes).containsExactly(new long[] {4, 6}, new long[] {4, 6}, new long[] {2, 6});
        assertThat(labelShapes).containsExactly(new long[] {4, 10}, new long[] {4, 10}, new long[] {2, 10});
        assertThat(it.batchesPerEpoch()).isEqualTo(3);
        assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("reset()");
        assertThat(it.inputColumns()).isEqualTo(6);
        assertThat(it.totalOutcomes()).isEqualTo(10);
        assertThat(it.getLabels()).isEqualTo(DIGITS);
    }

    @Test
    void nchwShapeAndDropLast() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withBatchSize(4)
                .withLayout(IteratorConfig.Layout.NCHW).withDropLast(true));
        int batches = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            assertThat(ds.getFeatures().shape()).containsExactly(4, 1, ROWS, COLS);
            batches++;
        }
        assertThat(batches).isEqualTo(2);
        assertThat(it.batchesPerEpoch()).isEqualTo(2);
    }

    @Test
    void nchwKeepsRowMajorPixelPositions() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withShuffle(false)
                .withBatchSize(N).withLayout(IteratorConfig.Layout.NCHW).withScaling(IteratorConfig.Scaling.NONE));
        INDArray f = it.next().getFeatures();
        for (int i = 0; i < N; i++) {
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    assertThat(f.getDouble(i, 0, r, c)).isEqualTo(20 * i + r * COLS + c);
                }
            }
        }
    }

    @Test
    void oneHotLabelsMatchTheExamples() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withBatchSize(3));
        int rows = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray l = ds.getLabels();
            for (int r = 0; r < l.size(0); r++) {
                int example = exampleOf(ds.getFeatures(), r, IteratorConfig.Scaling.UNIT);
                int label = (3 * example) % 10;
                for (int k = 0; k < 10; k++) {
                    assertThat(l.getDouble(r, k)).isEqualTo(k == label ? 1.0 : 0.0);
                }
                rows++;
            }
        }
        assertThat(rows).isEqualTo(N);
    }

    @Test
    void unitScalingIsPixelOver255() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withShuffle(false).withBatchSize(N));
        INDArray f = it.next().getFeatures();
        assertThat(f.minNumber().doubleValue()).isGreaterThanOrEqualTo(0.0);
        assertThat(f.maxNumber().doubleValue()).isLessThanOrEqualTo(1.0);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 6; j++) {
                assertThat(f.getFloat(i, j)).isEqualTo((float) ((20 * i + j) / 255.0));
            }
        }
    }

    @Test
    void standardizationAndDoublePrecision() {
        double mean = 0.1307;
        double std = 0.3081;
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withShuffle(false)
                .withBatchSize(N).withStandardization(mean, std).withDataType(DataType.DOUBLE));
        DataSet ds = it.next();
        assertThat(ds.getFeatures().dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(ds.getLabels().dataType()).isEqualTo(DataType.DOUBLE);
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 6; j++) {
                assertThat(ds.getFeatures().getDouble(i, j)).isCloseTo(((20 * i + j) / 255.0 - mean) / std, within(1e-12));
            }
        }
        assertThatThrownBy(() -> IteratorConfig.DEFAULT.withStandardization(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std");
    }

    @Test
    void sameSeedSameOrderEachEpochDifferentAndComplete() {
        IteratorConfig cfg = IteratorConfig.DEFAULT.withBatchSize(4).withSeed(7);
        ImageDataSetIterator a = new ImageDataSetIterator(data(), cfg);
        ImageDataSetIterator b = new ImageDataSetIterator(data(), cfg);
        List<Integer> a0 = epochOrder(a);
        List<Integer> b0 = epochOrder(b);
        assertThat(a0).isEqualTo(b0);
        assertThat(a0).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(a0).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));

        a.reset();
        assertThat(a.epoch()).isEqualTo(1);
        List<Integer> a1 = epochOrder(a);
        assertThat(a1).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(a1).isNotEqualTo(a0);

        b.setEpoch(1);
        assertThat(epochOrder(b)).isEqualTo(a1);
        b.setEpoch(0);
        assertThat(epochOrder(b)).isEqualTo(a0);

        ImageDataSetIterator other = new ImageDataSetIterator(data(), cfg.withSeed(8));
        assertThat(epochOrder(other)).isNotEqualTo(a0);
    }

    @Test
    void orderIsAFisherYatesPermutationFromTheDocumentedSeed() {
        IteratorConfig cfg = IteratorConfig.DEFAULT.withSeed(3);
        ImageDataSetIterator it = new ImageDataSetIterator(data(), cfg);
        it.setEpoch(2);
        int[] expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3L * 0x9E3779B97F4A7C15L + 2);
        for (int i = expected.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = expected[i];
            expected[i] = expected[j];
            expected[j] = t;
        }
        assertThat(it.order()).containsExactly(expected);
    }

    @Test
    void noShuffleKeepsIndexOrderAndNextNumRespectsTheRest() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withShuffle(false).withBatchSize(4));
        assertThat(epochOrder(it)).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        it.reset();
        assertThat(it.next(7).getFeatures().size(0)).isEqualTo(7);
        assertThat(it.next(7).getFeatures().size(0)).isEqualTo(3);
        assertThat(it.hasNext()).isFalse();
        assertThat(it.all().getFeatures().shape()).containsExactly(10, 6);
        assertThat(Arrays.stream(it.order()).boxed().toList()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void preProcessorIsApplied() {
        ImageDataSetIterator it = new ImageDataSetIterator(data(), IteratorConfig.DEFAULT.withShuffle(false).withBatchSize(2));
        it.setPreProcessor(ds -> ds.getFeatures().muli(2));
        DataSet ds = it.next();
        assertThat(ds.getFeatures().getFloat(1, 0)).isEqualTo(2 * (float) (20 / 255.0));
    }

    @Test
    void unitMeanStdOfAHandCheckableImage() {
        // 2 images of 1x2: pixels 0, 255, 255, 0 -> values 0,1,1,0: mean 0.5, std 0.5
        ByteImages im = new ByteImages(2, 1, 2, new byte[] {0, (byte) 255, (byte) 255, 0});
        assertThat(im.unitMeanStd()).containsExactly(new double[] {0.5, 0.5}, within(1e-12));
    }
}
