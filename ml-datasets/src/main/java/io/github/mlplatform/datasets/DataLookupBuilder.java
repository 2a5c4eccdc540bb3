package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.download.DownloadConfig;

import java.nio.file.Path;
import java.util.Map;

/**
 * The settings every data-set loader shares: where to look (explicit directory, cache, system
 * directory, environment), whether and from where to download, and how hard to check. The places
 * are searched in order: the explicit directory, {@code $ML_DATA_DIR}, the cache
 * ({@code $ML_CACHE_DIR} or {@code ~/.cache/ml-platform}), the system directory
 * ({@code /usr/share/datasets}), then a download into the cache.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 */
public abstract class DataLookupBuilder<B extends DataLookupBuilder<B>> {

    final DataLookup.Options options = new DataLookup.Options();

    DataLookupBuilder() {
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** An explicit directory holding {@code <name>/<files>} or the files themselves (searched first). */
    public B dataDir(Path dir) {
        options.dataDir = dir;
        return self();
    }

    /** The cache root (instead of {@code $ML_CACHE_DIR} or {@code ~/.cache/ml-platform}). */
    public B cacheDir(Path root) {
        options.cacheRoot = root;
        return self();
    }

    /** The system data directory (instead of {@code /usr/share/datasets}). */
    public B systemDir(Path dir) {
        options.systemDir = dir;
        return self();
    }

    /** The environment variables to consult (instead of {@link System#getenv()}; for tests and hosts). */
    public B environment(Map<String, String> environment) {
        options.env = environment;
        return self();
    }

    /** Whether a download may be tried (default: true unless {@code -Dml.datasets.download=false}). */
    public B download(boolean allow) {
        options.download = allow;
        return self();
    }

    /**
     * Mirror base URLs tried in order (instead of {@code -Dml.datasets.mirror.<name>} or the
     * catalog's); a file's URL is the base followed by the file's name as the catalog gives it
     * (for the IDX sets, the {@code .gz} name).
     */
    public B mirrors(String... baseUrls) {
        options.mirrors(baseUrls);
        return self();
    }

    /** Timeouts, attempts and back-off of downloads. */
    public B downloadConfig(DownloadConfig config) {
        options.downloadConfig(config);
        return self();
    }

    /**
     * Hash every file again, even one remembered as verified (default false: a file with a
     * catalog SHA-256 is hashed the first time it is seen and whenever its size or times change;
     * the SHA-256 is always required to match).
     */
    public B verifyChecksums(boolean verify) {
        options.verifyChecksums = verify;
        return self();
    }
}
