package io.github.mlplatform.datasets.stream;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RibbonTest {

    /** 12 coordinate-coded 28x28 digits: pixel (k, r, c) = (7k + 3r + c + 5) mod 256. */
    private static final ByteImages DIGITS = new ByteImages(12, 28, 28, TestData.codedPixels(12, 28, 28, 5));

    private static float expected(int digit, int r, int c) {
        return (float) (TestData.codedValue(digit, r, c, 5) / 255.0);
    }

    @Test
    void imageIsDigitsSideBySide() {
        Ribbon ribbon = Ribbon.of(DIGITS, new RibbonConfig(4, 3));
        assertThat(ribbon.height()).isEqualTo(28);
        assertThat(ribbon.width()).isEqualTo(4 * 28);
        for (int r = 0; r < 28; r++) {
            for (int col = 0; col < 4 * 28; col++) {
                assertThat(ribbon.pixel(r, col)).isEqualTo(expected(3 + col / 28, r, col % 28));
            }
        }
    }

    @Test
    void frameIIsColumnsIToIPlus28() {
        Ribbon ribbon = Ribbon.of(DIGITS, new RibbonConfig(4, 3));
        assertThat(ribbon.frameCount()).isEqualTo(3 * 28);
        FrameStream frames = ribbon.frames();
        assertThat(frames.size()).isEqualTo(84);
        assertThat(frames.frameSize()).isEqualTo(784);
        for (int i = 0; i < 84; i++) {
            float[] f = frames.next();
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    int col = i + c;
                    assertThat(f[r * 28 + c]).as("frame %d (%d,%d)", i, r, c).isEqualTo(expected(3 + col / 28, r, col % 28));
                }
            }
        }
        assertThat(frames.hasNext()).isFalse();
        // frame 0 is exactly the first digit, frame 28 the second
        assertThat(ribbon.frame(0)).isEqualTo(DIGITS.imageAsUnitFloats(3));
        assertThat(ribbon.frame(28)).isEqualTo(DIGITS.imageAsUnitFloats(4));
    }

    @Test
    void materializeEqualsConsecutiveFrames() {
        Ribbon ribbon = Ribbon.of(DIGITS, new RibbonConfig(3, 0));
        float[] block = ribbon.materialize(10);
        assertThat(block).hasSize(10 * 784);
        for (int i = 0; i < 10; i++) {
            float[] f = ribbon.frame(i);
            for (int j = 0; j < 784; j++) {
                assertThat(block[i * 784 + j]).isEqualTo(f[j]);
            }
        }
        assertThat(ribbon.frames().stream().count()).isEqualTo(56);
        assertThatThrownBy(() -> ribbon.materialize(57)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("57 frames requested, 56 remain");
    }

    @Test
    void configIsValidated() {
        assertThat(RibbonConfig.DEFAULT).isEqualTo(new RibbonConfig(1000, 0));
        assertThatThrownBy(() -> Ribbon.of(DIGITS, new RibbonConfig(10, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits 5..14").hasMessageContaining("only 12");
        assertThatThrownBy(() -> new RibbonConfig(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length");
    }
}
