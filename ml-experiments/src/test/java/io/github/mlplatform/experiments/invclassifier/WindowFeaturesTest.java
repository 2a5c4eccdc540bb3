package io.github.mlplatform.experiments.invclassifier;

import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.SparseCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Window grid, cropping with zero padding, sum/max pooling and the invariant response, on inputs whose answer is known by hand. */
class WindowFeaturesTest {

    /** 4x4 image with pixel (row r, column c) = 10 r + c. */
    private static float[] image4() {
        float[] im = new float[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                im[r * 4 + c] = 10 * r + c;
            }
        }
        return im;
    }

    @Test
    void gridOffsetsOfTheDefaultsAndWithPadding() {
        WindowFeatures.Grid g = new WindowFeatures.Grid(28, 20, 4, 0);
        assertThat(g.offsets()).containsExactly(0, 4, 8);
        assertThat(g.positions()).isEqualTo(9);
        assertThat(new WindowFeatures.Grid(28, 20, 2, 0).positions()).isEqualTo(25);
        assertThat(new WindowFeatures.Grid(28, 20, 4, 4).offsets()).containsExactly(-4, 0, 4, 8, 12);
        // a stride that does not divide the range stops before the window would leave the padded image
        assertThat(new WindowFeatures.Grid(28, 20, 5, 0).offsets()).containsExactly(0, 5);
        assertThat(new WindowFeatures.Grid(20, 20, 3, 0).offsets()).containsExactly(0);
    }

    @Test
    void badGridsNameTheField() {
        assertThatThrownBy(() -> new WindowFeatures.Grid(28, 30, 4, 0)).hasMessageStartingWith("window: expected 1..28");
        assertThatThrownBy(() -> new WindowFeatures.Grid(28, 20, 0, 0)).hasMessageStartingWith("stride:");
        assertThatThrownBy(() -> new WindowFeatures.Grid(28, 20, 4, -1)).hasMessageStartingWith("pad:");
    }

    @Test
    void windowsAreCropsWithZerosOutsideTheImage() {
        float[] dst = new float[4];
        assertThat(WindowFeatures.window(image4(), 4, 2, 1, 2, dst)).containsExactly(12, 13, 22, 23);
        assertThat(WindowFeatures.window(image4(), 4, -1, -1, 2, dst)).containsExactly(0, 0, 0, 0);
        assertThat(WindowFeatures.window(image4(), 4, 3, 3, 2, dst)).containsExactly(33, 0, 0, 0);
        assertThatThrownBy(() -> WindowFeatures.window(new float[15], 4, 0, 0, 2, dst)).hasMessageContaining("expected 4x4");
    }

    @Test
    void sumAndMaxPoolingOverFourQuadrants() {
        // 2x2 windows, stride 2: the four quadrants; the encoder copies the window, so pooling is over the quadrants
        WindowFeatures.Grid g = new WindowFeatures.Grid(4, 2, 2, 0);
        WindowFeatures.WindowEncoder identity = (w, code) -> System.arraycopy(w, 0, code, 0, 4);
        float[] out = new float[6];
        WindowFeatures.pool(image4(), g, identity, WindowFeatures.Pooling.SUM, out, 1, WindowFeatures.scratch(g, 4));
        // quadrants [0 1 10 11], [2 3 12 13], [20 21 30 31], [22 23 32 33]
        assertThat(out).containsExactly(0, 44, 48, 84, 88, 0);
        WindowFeatures.pool(image4(), g, identity, WindowFeatures.Pooling.MAX, out, 2, WindowFeatures.scratch(g, 4));
        assertThat(out).containsExactly(0, 44, 22, 23, 32, 33);
    }

    @Test
    void poolingStartsFromTheFirstCodeNotFromZero() {
        // max of negative codes stays negative; the output's old contents are overwritten
        WindowFeatures.Grid g = new WindowFeatures.Grid(4, 2, 2, 0);
        float[] out = {99, 99};
        WindowFeatures.pool(image4(), g, (w, code) -> code[0] = -1 - w[0], WindowFeatures.Pooling.MAX, out, 0, WindowFeatures.scratch(g, 1));
        assertThat(out).containsExactly(-1f, 99f);
    }

    @Test
    void paddedGridPoolsZerosOutsideTheImage() {
        // 2x2 image, window 2, pad 1, stride 1: nine windows, each pixel is seen by four of them
        WindowFeatures.Grid g = new WindowFeatures.Grid(2, 2, 1, 1);
        assertThat(g.positions()).isEqualTo(9);
        float[] image = {1, 2, 3, 4};
        float[] out = new float[1];
        WindowFeatures.pool(image, g, (w, code) -> code[0] = w[0] + w[1] + w[2] + w[3], WindowFeatures.Pooling.SUM, out, 0,
                WindowFeatures.scratch(g, 1));
        assertThat(out[0]).isEqualTo(4 * (1 + 2 + 3 + 4));
    }

    @Test
    void invariantResponseIsUTimesTheSparseCode() {
        // U (2 x 3) = [[1 2 3], [4 5 6]], x = (0, 0.5, 2) -> U x = (7, 14.5)
        DenseMatrix u = new DenseMatrix(2, 3, new double[] {1, 2, 3, 4, 5, 6});
        SparseCode x = new SparseCode(3, 2);
        x.set(0, 2, 9, 2);
        x.set(1, 1, 9, 0.5);
        x.setCount(2);
        assertThat(LayerStack.invariantResponse(u, x, new float[2])).containsExactly(7f, 14.5f);
    }

    @Test
    void standardisationUsesTrainingStatisticsAndZerosConstantColumns() {
        // two columns: (1, 3) -> mean 2, std 1; constant 5 -> 0
        float[] train = {1, 5, 3, 5};
        float[] test = {4, 7};
        Readout.standardise(train, test, 2);
        assertThat(train).containsExactly(-1, 0, 1, 0);
        assertThat(test).containsExactly(2, 0);
    }
}
