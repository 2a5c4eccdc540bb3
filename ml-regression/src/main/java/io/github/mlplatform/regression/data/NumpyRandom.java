package io.github.mlplatform.regression.data;

/**
 * NumPy's legacy global generator ({@code np.random.seed(s)}, {@code np.random.rand()},
 * {@code np.random.normal(loc, scale)}) bit for bit, so that the seed's scripts — which draw their
 * data with {@code np.random} — and the PyTorch references in {@code bench/reference/} produce
 * exactly the numbers the Java side draws from the same seed.
 *
 * <p>MT19937 seeded by {@code init_genrand(s)} (NumPy's {@code _legacy_seeding} of an integer),
 * {@code random_sample} from two 32-bit outputs {@code ((a >>> 5)·2^26 + (b >>> 6)) / 2^53}, and the
 * polar Box–Muller {@code legacy_gauss}, which caches the second value of each pair.
 */
public final class NumpyRandom {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int mti;
    private boolean hasGauss;
    private double gauss;

    /**
     * {@code np.random.seed(seed)}.
     *
     * @param seed 0 ≤ seed &lt; 2^32 (NumPy's range)
     */
    public NumpyRandom(long seed) {
        if (seed < 0 || seed > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seed: expected 0 <= seed < 2^32 (NumPy's range), got " + seed);
        }
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
    }

    /** The next 32-bit output of MT19937 ({@code genrand_int32}), as an unsigned value in an int. */
    int nextInt32() {
        if (mti >= N) {
            for (int k = 0; k < N; k++) {
                int y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % N] & 0x7FFF_FFFF);
                mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908_B0DF : 0);
            }
            mti = 0;
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9D2C_5680;
        y ^= (y << 15) & 0xEFC6_0000;
        y ^= y >>> 18;
        return y;
    }

    /** {@code np.random.rand()}: uniform on [0, 1) with 53 random bits. */
    public double rand() {
        long a = (nextInt32() & 0xFFFF_FFFFL) >>> 5;
        long b = (nextInt32() & 0xFFFF_FFFFL) >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** {@code np.random.normal(0, 1)} (legacy polar Box–Muller). */
    public double gauss() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * rand() - 1.0;
            x2 = 2.0 * rand() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code np.random.normal(loc, scale)}. */
    public double normal(double loc, double scale) {
        return loc + scale * gauss();
    }
}
