package io.github.mlplatform.viz.anim;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TriptychTest {

    private static double[] fill(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void theSeedsLayoutFor20PixelWindowsAndA10x10Activity() {
        // seed: mini_tap = zeros((20, 60)); mini_tap[:, :20] = v; mini_tap[:10, 30:40] = io; mini_tap[:, -20:] = r
        double[][] c = Triptych.canvas(fill(400, 1), fill(100, 2), fill(400, 3), 20, 10);
        assertThat(c.length).isEqualTo(20);
        assertThat(c[0].length).isEqualTo(60);
        for (int r = 0; r < 20; r++) {
            for (int col = 0; col < 60; col++) {
                double want;
                if (col < 20) {
                    want = 1;
                } else if (col >= 40) {
                    want = 3;
                } else if (r < 10 && col >= 30) {
                    want = 2;
                } else {
                    want = 0;
                }
                assertThat(c[r][col]).as("mini_tap[%d, %d]", r, col).isEqualTo(want);
            }
        }
    }

    @Test
    void valuesAreReshapedRowMajor() {
        double[] in = new double[16];
        double[] act = {7, 8, 9, 10};
        double[] rec = new double[16];
        for (int i = 0; i < 16; i++) {
            in[i] = i;
            rec[i] = 100 + i;
        }
        double[][] c = Triptych.canvas(in, act, rec, 4, 2);
        assertThat(c[1][2]).isEqualTo(6);       // input pixel (1, 2) = in[1*4 + 2]
        assertThat(c[0][6]).isEqualTo(7);       // activity (0, 0) at column 2*4 - 2
        assertThat(c[1][7]).isEqualTo(10);      // activity (1, 1)
        assertThat(c[3][8 + 1]).isEqualTo(113); // reconstruction pixel (3, 1)
        assertThat(c[2][6]).isZero();           // below the activity: empty
    }

    @Test
    void frameIsDrawnGrayReversedOverItsOwnRange() {
        BufferedImage img = Triptych.frame(fill(4, 1), fill(1, 0.5), fill(4, 0), 2, 1, 3);
        assertThat(img.getWidth()).isEqualTo(18);
        assertThat(img.getHeight()).isEqualTo(6);
        assertThat(img.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x000000);  // input = max -> black (gray_r)
        assertThat(img.getRGB(13, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF); // reconstruction = min -> white
        assertThat(img.getRGB(10, 1) & 0xFFFFFF).isEqualTo(0x808080); // activity 0.5 -> 127.5 -> 128
    }

    @Test
    void activityLargerThanTheWindowIsRejected() {
        assertThatThrownBy(() -> Triptych.canvas(fill(4, 0), fill(9, 0), fill(4, 0), 2, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("activitySide");
        assertThatThrownBy(() -> Triptych.canvas(fill(5, 0), fill(1, 0), fill(4, 0), 2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input").hasMessageContaining("4 values");
    }
}
