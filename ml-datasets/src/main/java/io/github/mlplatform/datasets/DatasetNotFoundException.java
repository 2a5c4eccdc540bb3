package io.github.mlplatform.datasets;

import java.io.IOException;
import java.util.List;

/**
 * No usable copy of a data set was found. The message lists every place that was looked at (with
 * why each did not work) and how to provide the files.
 */
public class DatasetNotFoundException extends IOException {

    private static final long serialVersionUID = 1L;

    private final List<String> lookedAt;

    public DatasetNotFoundException(String message, List<String> lookedAt, Throwable cause) {
        super(message, cause);
        this.lookedAt = List.copyOf(lookedAt);
    }

    /** One line per place looked at, in lookup order. */
    public List<String> lookedAt() {
        return lookedAt;
    }
}
