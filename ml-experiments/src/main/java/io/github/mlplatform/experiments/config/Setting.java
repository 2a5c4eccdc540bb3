package io.github.mlplatform.experiments.config;

/**
 * One setting as the user gave it: the key, the text of the value, and how it was typed (for
 * error messages, e.g. {@code -P lr=abc} or {@code --epochs 0}).
 */
public record Setting(String key, String value, String typed) {

    /** {@code -P key=value}. */
    public static Setting param(String key, String value) {
        return new Setting(key, value, "-P " + key + "=" + value);
    }

    /** A common option ({@code --epochs 3}) that sets {@code key}. */
    public static Setting option(String option, String key, Object value) {
        return new Setting(key, String.valueOf(value), option + " " + value);
    }
}
