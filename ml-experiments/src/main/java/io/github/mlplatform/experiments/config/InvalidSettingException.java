package io.github.mlplatform.experiments.config;

/**
 * A value a config record does not accept, thrown from its compact constructor through
 * {@link Check}; {@link ConfigBinder} turns it into a message naming what the user typed.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String key;
    private final String requirement;

    public InvalidSettingException(String key, String requirement) {
        super(key + ": " + requirement);
        this.key = key;
        this.requirement = requirement;
    }

    /** The kebab-case key of the setting. */
    public String key() {
        return key;
    }

    /** What the value must be, e.g. {@code must be at least 1}. */
    public String requirement() {
        return requirement;
    }
}
