package io.github.mlplatform.datasets.stream;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.Mnist;
import io.github.mlplatform.datasets.TestData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TapestryTest {

    /** {@code count} digits of side x side, digit k filled with the constant 10 + k. */
    private static ByteImages constantDigits(int count, int side) {
        byte[] px = new byte[count * side * side];
        for (int k = 0; k < count; k++) {
            java.util.Arrays.fill(px, k * side * side, (k + 1) * side * side, (byte) (10 + k));
        }
        return new ByteImages(count, side, side, px);
    }

    /** The seed's construction with numpy-like slice copies on a double[][] (a straightforward reference). */
    private static double[][] referenceTapestry(ByteImages d, int t, int start) {
        int m = d.rows();
        double[][] tap = new double[t * m][t * m];
        int i = start;
        for (int x = 0; x < t; x++) {
            for (int y = 0; y < t; y++) {
                for (int r = 0; r < m; r++) {
                    for (int c = 0; c < m; c++) {
                        tap[y * m + r][x * m + c] = d.pixel(i, r, c) / 255.0;
                    }
                }
                i++;
            }
        }
        for (int r = 0; r < m; r++) {            // tapestry[(t-1)*m:, :] = tapestry[:m, :]
            tap[(t - 1) * m + r] = tap[r].clone();
        }
        for (double[] row : tap) {                // tapestry[:, (t-1)*m:] = tapestry[:, :m]
            System.arraycopy(row.clone(), 0, row, (t - 1) * m, m);
        }
        return tap;
    }

    private static void assertMatchesReference(Tapestry tap, double[][] ref) {
        assertThat(tap.height()).isEqualTo(ref.length);
        assertThat(tap.width()).isEqualTo(ref[0].length);
        for (int r = 0; r < ref.length; r++) {
            for (int c = 0; c < ref[0].length; c++) {
                assertThat(tap.pixel(r, c)).as("(%d,%d)", r, c).isEqualTo((float) ref[r][c]);
            }
        }
    }

    @Test
    void defaultsAreTheSeeds() {
        TapestryConfig d = TapestryConfig.DEFAULT;
        assertThat(d.side()).isEqualTo(30);
        assertThat(d.startIndex()).isEqualTo(3000);
        assertThat(d.window()).isEqualTo(20);
        assertThat(d.vMax()).isEqualTo(3.0);
        assertThat(d.accelEvery()).isEqualTo(20);
        assertThat(d.maxAccel()).isEqualTo(1.0);
        assertThat(d.startX()).isEqualTo(420.0);
        assertThat(d.startY()).isEqualTo(420.0);
        assertThat(d.frames()).isEqualTo(100_000L);
    }

    @Test
    void smallTapestryIsColumnMajorWithWrapCopies() {
        // T = 3 from digit 2: column-major fill gives cells (row, col) = digit 2 + 3·col + row; then the last
        // row band copies the first, then the last column band copies the first:
        //   2 5 2
        //   3 6 3
        //   2 5 2
        ByteImages digits = constantDigits(12, 4);
        Tapestry tap = Tapestry.of(digits, TapestryConfig.DEFAULT.withSide(3).withStartIndex(2).withWindow(5));
        int[][] expectedDigit = {{2, 5, 2}, {3, 6, 3}, {2, 5, 2}};
        for (int gy = 0; gy < 3; gy++) {
            for (int gx = 0; gx < 3; gx++) {
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 4; c++) {
                        assertThat(tap.pixel(gy * 4 + r, gx * 4 + c)).as("cell (%d,%d)", gy, gx)
                                .isEqualTo((float) ((10 + expectedDigit[gy][gx]) / 255.0));
                    }
                }
            }
        }
        assertThat(tap.periodX()).isEqualTo(8);
        assertThat(tap.periodY()).isEqualTo(8);
    }

    @Test
    void coordinateCodedTapestryMatchesTheReference() {
        ByteImages digits = new ByteImages(30, 5, 5, TestData.codedPixels(30, 5, 5, 1));
        Tapestry tap = Tapestry.of(digits, TapestryConfig.DEFAULT.withSide(4).withStartIndex(7).withWindow(6));
        assertMatchesReference(tap, referenceTapestry(digits, 4, 7));
    }

    /** Positions of the seed's walk, computed here with Python's int() truncation and non-negative %. */
    private static int[][] referenceWalk(TapestryConfig cfg, long seed, int period, int k) {
        SplittableRandom rng = new SplittableRandom(seed);
        double a = cfg.maxAccel();
        double ax = -a + 2 * a * rng.nextDouble();
        double ay = -a + 2 * a * rng.nextDouble();
        double x = cfg.startX();
        double y = cfg.startY();
        double vx = 0;
        double vy = 0;
        int[][] pos = new int[k][2];
        for (int i = 0; i < k; i++) {
            if (i % cfg.accelEvery() == 0) {
                ax = -a + 2 * a * rng.nextDouble();
                ay = -a + 2 * a * rng.nextDouble();
            }
            x += vx;
            y += vy;
            vx = Math.min(cfg.vMax(), Math.max(-cfg.vMax(), vx + ax));
            vy = Math.min(cfg.vMax(), Math.max(-cfg.vMax(), vy + ay));
            long xi = (long) (x >= 0 ? Math.floor(x) : Math.ceil(x));
            long yi = (long) (y >= 0 ? Math.floor(y) : Math.ceil(y));
            pos[i][0] = (int) (((xi % period) + period) % period);
            pos[i][1] = (int) (((yi % period) + period) % period);
        }
        return pos;
    }

    @Test
    void framesFollowTheSeedsRandomWalk() {
        ByteImages digits = new ByteImages(900, 28, 28, TestData.codedPixels(900, 28, 28, 0));
        TapestryConfig cfg = TapestryConfig.DEFAULT.withStartIndex(0).withFrames(3000);
        Tapestry tap = Tapestry.of(digits, cfg);
        double[][] ref = referenceTapestry(digits, 30, 0);
        assertMatchesReference(tap, ref);
        int[][] pos = referenceWalk(cfg, 123, 29 * 28, 3000);
        FrameStream frames = tap.frames(123);
        assertThat(frames.frameSize()).isEqualTo(400);
        RandomWalk walk = tap.walk(123);
        for (int i = 0; i < 3000; i++) {
            walk.advance();
            assertThat(new int[] {walk.frameX(), walk.frameY()}).as("frame %d", i).containsExactly(pos[i]);
            float[] f = frames.next();
            int x = pos[i][0];
            int y = pos[i][1];
            for (int r = 0; r < 20; r++) {
                for (int c = 0; c < 20; c++) {
                    if (f[r * 20 + c] != (float) ref[y + r][x + c]) {
                        throw new AssertionError("frame " + i + " pixel (" + r + "," + c + ") differs");
                    }
                }
            }
        }
        assertThat(frames.hasNext()).isFalse();
    }

    @Test
    void truncationAndWrapOfNegativePositionsIsPythons() {
        ByteImages digits = constantDigits(900, 28);
        TapestryConfig still = TapestryConfig.DEFAULT.withStartIndex(0).withVMax(0).withMaxAccel(0);
        Tapestry tap = Tapestry.of(digits, still.withStart(-1.5, 900.7));
        RandomWalk w = tap.walk(1);
        w.advance();
        assertThat(w.frameX()).isEqualTo(811); // int(-1.5) = -1; -1 % 812 = 811
        assertThat(w.frameY()).isEqualTo(88);  // int(900.7) = 900; 900 % 812 = 88
        RandomWalk w2 = Tapestry.of(digits, still.withStart(-0.5, -812.0)).walk(1);
        w2.advance();
        assertThat(w2.frameX()).isZero();     // int(-0.5) = 0
        assertThat(w2.frameY()).isZero();     // -812 % 812 = 0
    }

    @Test
    void windowStaysInsideEvenWithWildWalks() {
        ByteImages digits = constantDigits(900, 28);
        TapestryConfig wild = TapestryConfig.DEFAULT.withStartIndex(0).withVMax(60).withMaxAccel(25).withAccelEvery(3)
                .withWindow(29).withStart(-5000, 7000).withFrames(20_000);
        Tapestry tap = Tapestry.of(digits, wild);
        int[][] pos = referenceWalk(wild, 9, 812, 20_000);
        RandomWalk w = tap.walk(9);
        boolean sawWrapLow = false;
        boolean sawWrapHigh = false;
        for (int i = 0; i < 20_000; i++) {
            w.advance();
            assertThat(w.frameX()).isEqualTo(pos[i][0]);
            assertThat(w.frameY()).isEqualTo(pos[i][1]);
            assertThat(w.frameX()).isBetween(0, 811);
            assertThat(w.frameY()).isBetween(0, 811);
            sawWrapLow |= w.frameX() < 5;
            sawWrapHigh |= w.frameX() > 806;
        }
        assertThat(sawWrapLow && sawWrapHigh).isTrue();
        // every frame of the stream can be cut (window 29 reaches column 811 + 29 = 840 = width)
        assertThat(tap.frames(9).take(20_000)).hasSize(20_000 * 29 * 29);
    }

    @Test
    void sameSeedSameFramesOtherSeedOtherFrames() {
        ByteImages digits = new ByteImages(900, 28, 28, TestData.codedPixels(900, 28, 28, 0));
        Tapestry tap = Tapestry.of(digits, TapestryConfig.DEFAULT.withStartIndex(0));
        float[] a = tap.materialize(42, 500);
        float[] b = tap.materialize(42, 500);
        float[] c = tap.materialize(43, 500);
        assertThat(a).hasSize(500 * 400).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        FrameStream s = tap.frames(42);
        float[] first = s.next();
        assertThat(java.util.Arrays.copyOf(a, 400)).isEqualTo(first);
        assertThat(s.position()).isEqualTo(1);
        assertThat(s.size()).isEqualTo(100_000);
    }

    @Test
    void configIsValidated() {
        ByteImages digits = constantDigits(900, 28);
        TapestryConfig base = TapestryConfig.DEFAULT.withStartIndex(0);
        assertThat(Tapestry.of(digits, base.withWindow(29)).width()).isEqualTo(840);
        assertThatThrownBy(() -> Tapestry.of(digits, base.withWindow(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("window 30 does not fit").hasMessageContaining("<= 29");
        assertThatThrownBy(() -> Tapestry.of(digits, base.withStartIndex(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("digits 1..900").hasMessageContaining("only 900");
        assertThatThrownBy(() -> base.withSide(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("side");
        assertThatThrownBy(() -> base.withAccelEvery(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accelEvery");
    }

    @Test
    void worksOnTheEmbeddedSampleWithTheSeedsDefaults() throws IOException {
        ByteImages train = Mnist.embeddedSample(true).images();
        Tapestry tap = Tapestry.of(train, TapestryConfig.DEFAULT);
        // cell (0,0) is training digit 3000, cell (row 1, col 0) digit 3001, cell (row 0, col 1) digit 3030
        assertThat(tap.pixel(14, 14)).isEqualTo((float) (train.pixel(3000, 14, 14) / 255.0));
        assertThat(tap.pixel(28 + 14, 10)).isEqualTo((float) (train.pixel(3001, 14, 10) / 255.0));
        assertThat(tap.pixel(12, 28 + 15)).isEqualTo((float) (train.pixel(3030, 12, 15) / 255.0));
        float[] frames = tap.materialize(0, 1000);
        for (float v : frames) {
            assertThat(v).isBetween(0f, 1f);
        }
        Ribbon ribbon = Ribbon.of(train, RibbonConfig.DEFAULT);
        assertThat(ribbon.frameCount()).isEqualTo(999 * 28);
        assertThat(ribbon.frame(28 * 5)).isEqualTo(train.imageAsUnitFloats(5));
    }
}
