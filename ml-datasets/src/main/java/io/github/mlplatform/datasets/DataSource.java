package io.github.mlplatform.datasets;

/**
 * Where a loaded data set came from, for logs and run records ("what produced this number").
 * {@link #toString()} is the human-readable description, e.g.
 * {@code /home/me/.cache/ml-platform/datasets/mnist (user cache)} or
 * {@code embedded sample (4000 digits: MNIST train indices 0-3999)}.
 *
 * @param kind        which lookup step found the data
 * @param location    the directory (or resource path / URL) the files were read from
 * @param description one line for humans and run records
 */
public record DataSource(Kind kind, String location, String description) {

    /** The lookup step that produced the data, in lookup order. */
    public enum Kind {
        /** A directory or file given explicitly ({@code dataDir(...)}, a CLI's {@code --data-dir}, {@code Words.read(path)}). */
        EXPLICIT_DIR,
        /** The directory named by the environment variable {@code ML_DATA_DIR}. */
        ENV_DIR,
        /** The user cache ({@code ~/.cache/ml-platform/datasets/<name>} or {@code $ML_CACHE_DIR/datasets/<name>}). */
        CACHE,
        /** A system-wide directory such as Debian's {@code /usr/share/datasets/<name>}. */
        SYSTEM_DIR,
        /** Downloaded from a mirror into the user cache during this load. */
        DOWNLOAD,
        /** The small sample embedded in the ml-datasets jar. */
        EMBEDDED_SAMPLE,
        /** Built in memory (synthetic data, tests). */
        IN_MEMORY
    }

    public DataSource {
        if (kind == null || location == null || description == null) {
            throw new IllegalArgumentException("kind, location and description must not be null");
        }
    }

    /** True when the data is the small embedded sample, not a full data set. */
    public boolean isEmbeddedSample() {
        return kind == Kind.EMBEDDED_SAMPLE;
    }

    /** A source for data built in memory. */
    public static DataSource inMemory(String description) {
        return new DataSource(Kind.IN_MEMORY, "memory", description);
    }

    @Override
    public String toString() {
        return description;
    }
}
