package io.github.mlplatform.invariance;

import io.github.mlplatform.invariance.bench.SyntheticTapestry;

/** Shared inputs of the tests: synthetic tapestry frames (cached per JVM). */
final class TestData {

    private static float[][] frames;

    private TestData() {
    }

    /** 3,000 seeded 20x20 tapestry frames (about 18% non-zero pixels). */
    static synchronized float[][] frames() {
        if (frames == null) {
            frames = SyntheticTapestry.generate(11).frames(3000, 12);
        }
        return frames;
    }

    static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
