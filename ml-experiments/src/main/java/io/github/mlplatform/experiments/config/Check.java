package io.github.mlplatform.experiments.config;

/** Checks for the compact constructors of config records; failures name the setting's key. */
public final class Check {

    private Check() {
    }

    /** Fails with "{@code key}: {@code requirement}" unless {@code ok}. */
    public static void that(boolean ok, String key, String requirement) {
        if (!ok) {
            throw new InvalidSettingException(key, requirement);
        }
    }

    public static void atLeast(long value, long min, String key) {
        that(value >= min, key, "must be at least " + min);
    }

    /** Fails with "{@code key}: must be in min..max" unless {@code min <= value <= max}. */
    public static void between(long value, long min, long max, String key) {
        that(value >= min && value <= max, key, String.format(java.util.Locale.ROOT, "must be in %,d..%,d", min, max));
    }

    /** The largest mini-batch any experiment accepts: larger ones exhaust memory before they say so. */
    public static final int MAX_BATCH = 65_536;

    /** The largest layer width any experiment accepts (a 784 x 65,536 weight matrix is 200 MB in float). */
    public static final int MAX_WIDTH = 65_536;

    public static void positive(double value, String key) {
        that(value > 0 && Double.isFinite(value), key, "must be a number > 0");
    }

    public static void nonNegative(double value, String key) {
        that(value >= 0 && Double.isFinite(value), key, "must be a number >= 0");
    }

    /** Fails unless {@code values} holds at least one element and none twice ("needs at least one {@code what}", "names a {@code what} twice"). */
    public static void distinct(java.util.List<?> values, String key, String what) {
        that(values != null && !values.isEmpty(), key, "needs at least one " + what);
        that(new java.util.HashSet<>(values).size() == values.size(), key, "names a " + what + " twice");
    }
}
