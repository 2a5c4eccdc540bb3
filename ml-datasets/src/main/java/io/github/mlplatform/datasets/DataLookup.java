package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.download.ChecksumMismatchException;
import io.github.mlplatform.datasets.download.Checksums;
import io.github.mlplatform.datasets.download.DownloadConfig;
import io.github.mlplatform.datasets.download.Downloader;
import org.slf4j.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The part of finding a data set that does not depend on its format, shared by the loaders
 * ({@link IdxDataset} for the image sets, {@link WordsDataset} for word lists):
 * <ul>
 *   <li>the places looked at, in order: the explicit directory ({@code DIR/<name>/} then {@code DIR/}),
 *       {@code $ML_DATA_DIR/<name>/} (and {@code $ML_DATA_DIR/} for data sets that allow it), the user
 *       cache {@code <cacheRoot>/datasets/<name>/}, the system directory {@code /usr/share/datasets/<name>/};</li>
 *   <li>the SHA-256 check of a file found anywhere against its catalog entry, remembered in
 *       {@link VerifiedFiles} so that it is hashed once, and the advice on how to fix a bad file,
 *       which depends on where it was found;</li>
 *   <li>the download of a file from the mirrors, in order, into the user cache;</li>
 *   <li>the "not found" message listing every place looked at and how to provide the files.</li>
 * </ul>
 * A loader says which files a place must hold and reads them; one {@link Search} per load collects
 * what was looked at. Messages are logged to the loader's logger.
 */
final class DataLookup {

    static final String ENV_DATA_DIR = "ML_DATA_DIR";
    static final String ENV_CACHE_DIR = "ML_CACHE_DIR";
    static final String PROP_DOWNLOAD = "ml.datasets.download";
    static final Path DEFAULT_SYSTEM_DIR = Path.of("/usr/share/datasets");

    /**
     * What the lookup needs to know of a data set.
     *
     * @param name               folder name under every data directory, e.g. {@code mnist}
     * @param displayName        for messages, e.g. {@code MNIST}
     * @param whose              for "the file is damaged or not ...", e.g. {@code MNIST's}
     * @param flatLayoutInEnvDir whether the files may also lie directly in {@code $ML_DATA_DIR}
     * @param installHint        extra advice for the "not found" message, or null
     * @param mirrors            the catalog's mirror base URLs (each ends with '/')
     */
    record Entry(String name, String displayName, String whose, boolean flatLayoutInEnvDir, String installHint,
                 List<URI> mirrors) {

        /** System property that overrides the mirrors: {@code ml.datasets.mirror.<name>}, comma-separated. */
        String mirrorProperty() {
            return "ml.datasets.mirror." + name;
        }
    }

    /** The options a loader's builder collects; null means the default. */
    static final class Options {
        Path dataDir;
        Path cacheRoot;
        Path systemDir;
        Map<String, String> env;
        Boolean download;
        List<URI> mirrors;
        DownloadConfig downloadConfig = DownloadConfig.DEFAULT;
        boolean verifyChecksums;

        void mirrors(String... baseUrls) {
            List<URI> out = new ArrayList<>();
            for (String s : baseUrls) {
                out.add(mirrorUri(s, "mirror"));
            }
            this.mirrors = out;
        }

        void downloadConfig(DownloadConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("downloadConfig must not be null");
            }
            this.downloadConfig = config;
        }
    }

    private final Entry entry;
    private final Logger log;
    private final Path dataDir;
    private final Map<String, String> env;
    private final Path cacheRoot;
    private final Path systemDir;
    private final boolean download;
    private final List<URI> mirrors;
    private final DownloadConfig downloadConfig;
    private final boolean verifyChecksums;
    private final VerifiedFiles verified;

    DataLookup(Entry entry, Options o, Logger log) {
        this.entry = entry;
        this.log = log;
        this.dataDir = o.dataDir;
        this.env = o.env == null ? System.getenv() : Map.copyOf(o.env);
        this.cacheRoot = o.cacheRoot != null ? o.cacheRoot : defaultCacheRoot(env);
        this.systemDir = o.systemDir != null ? o.systemDir : DEFAULT_SYSTEM_DIR;
        this.download = o.download != null ? o.download
                : !"false".equalsIgnoreCase(System.getProperty(PROP_DOWNLOAD, "true"));
        this.mirrors = o.mirrors != null ? List.copyOf(o.mirrors) : mirrorsFromProperty(entry);
        this.downloadConfig = o.downloadConfig;
        this.verifyChecksums = o.verifyChecksums;
        this.verified = VerifiedFiles.inCacheRoot(cacheRoot);
    }

    /** The folder of the data set in the user cache, {@code <cacheRoot>/datasets/<name>}. */
    Path cacheDir() {
        return cacheRoot.resolve("datasets").resolve(entry.name());
    }

    /** The mirrors downloads are tried from, in order. */
    List<URI> mirrors() {
        return mirrors;
    }

    /**
     * One place to look at. A place that does not apply (no explicit directory given, {@code ML_DATA_DIR}
     * not set) has no {@code dir} and says why in {@code absent}.
     *
     * @param kind   the lookup step
     * @param dir    the directory, or null when the place does not apply
     * @param label  e.g. {@code user cache}
     * @param flat   whether files lie directly in a data directory rather than in a {@code <name>} folder
     *               (there a file with another digest is skipped, not an error: it may be another data set's)
     * @param absent why the place does not apply, or null
     */
    record Place(DataSource.Kind kind, Path dir, String label, boolean flat, String absent) {

        /** e.g. {@code user cache /home/me/.cache/ml-platform/datasets/mnist}. */
        String where() {
            return label + " " + dir;
        }

        /** The provenance of data read at this place from {@code location} (the directory or the file). */
        DataSource source(Path location) {
            return new DataSource(kind, location.toString(), location + " (" + label + ")");
        }
    }

    /** Starts a lookup of {@code what} (e.g. "MNIST test"), which collects what was looked at. */
    Search search(String what) {
        return new Search(what);
    }

    /** One lookup: the places in order, and a record of each place looked at and why it did not serve. */
    final class Search {
        private final String what;
        private final List<String> looked = new ArrayList<>();
        private IOException downloadFailure;

        private Search(String what) {
            this.what = what;
        }

        /** The places in lookup order (explicit dir, {@code $ML_DATA_DIR}, user cache, system dir). */
        List<Place> places() {
            List<Place> out = new ArrayList<>();
            if (dataDir != null) {
                out.add(new Place(DataSource.Kind.EXPLICIT_DIR, dataDir.resolve(entry.name()), "data dir", false, null));
                out.add(new Place(DataSource.Kind.EXPLICIT_DIR, dataDir, "data dir", true, null));
            } else {
                out.add(new Place(DataSource.Kind.EXPLICIT_DIR, null, "data dir", false,
                        "explicit data dir (dataDir(...) / --data-dir): not given"));
            }
            String envDir = env.get(ENV_DATA_DIR);
            if (envDir != null && !envDir.isBlank()) {
                Path d = Path.of(envDir);
                out.add(new Place(DataSource.Kind.ENV_DIR, d.resolve(entry.name()), "$" + ENV_DATA_DIR, false, null));
                if (entry.flatLayoutInEnvDir()) {
                    out.add(new Place(DataSource.Kind.ENV_DIR, d, "$" + ENV_DATA_DIR, true, null));
                }
            } else {
                out.add(new Place(DataSource.Kind.ENV_DIR, null, "$" + ENV_DATA_DIR, false,
                        "$" + ENV_DATA_DIR + ": not set"));
            }
            out.add(new Place(DataSource.Kind.CACHE, cacheDir(), "user cache", false, null));
            out.add(new Place(DataSource.Kind.SYSTEM_DIR, systemDir.resolve(entry.name()), "system dir", false, null));
            return out;
        }

        /**
         * Whether {@code p} can hold files: false (and noted) when it does not apply or its directory
         * does not exist.
         */
        boolean enter(Place p) {
            if (p.dir() == null) {
                looked.add(p.absent());
                return false;
            }
            if (!Files.isDirectory(p.dir())) {
                looked.add(p.where() + ": no such directory");
                return false;
            }
            return true;
        }

        /** Notes why a place or step did not serve (one line). */
        void note(String line) {
            looked.add(line);
        }

        /**
         * A file at {@code p} failed its checksum: in a flat layout it may be another data set's, so
         * it is skipped (noted and logged); elsewhere {@code e} is thrown.
         */
        void rejected(Place p, ChecksumMismatchException e) throws ChecksumMismatchException {
            if (!p.flat()) {
                throw e;
            }
            looked.add(p.where() + ": files there are not " + entry.whose() + " (" + e.getMessage() + ")");
            log.warn("{}: skipped, the files there are not {}: {}", p.where(), entry.whose(), e.getMessage());
        }

        /**
         * Runs {@code step} (a download into the user cache) if downloads are allowed; returns its
         * result, or null when downloads are disabled or it failed (both noted; the failure becomes
         * the cause of {@link #notFound}).
         */
        <T> T download(DownloadStep<T> step) {
            if (!download) {
                looked.add("download: disabled (download(false) or -D" + PROP_DOWNLOAD + "=false)");
                return null;
            }
            try {
                return step.run();
            } catch (IOException e) {
                downloadFailure = e;
                looked.add("download into " + cacheDir() + ": failed: " + e.getMessage());
                log.warn("{}: download failed: {}", what, e.getMessage());
                return null;
            }
        }

        /** What was looked at so far, in order. */
        List<String> lookedAt() {
            return Collections.unmodifiableList(looked);
        }

        /**
         * The exception for "nothing found": every place looked at, numbered, then how to provide
         * {@code files} (e.g. "the files (a.gz, b.gz, raw or .gz)") - put {@code them} in a data
         * directory, allow a download, the install hint, and {@code moreWays}.
         */
        DatasetNotFoundException notFound(String files, String them, List<String> moreWays) {
            StringBuilder sb = new StringBuilder();
            sb.append(what).append(" not found. Looked at, in order:\n");
            for (int i = 0; i < looked.size(); i++) {
                sb.append("  ").append(i + 1).append(". ").append(looked.get(i)).append('\n');
            }
            sb.append("To provide ").append(files).append(":\n");
            sb.append("  - put ").append(them).append(" in DIR/").append(entry.name()).append("/ and set ")
                    .append(ENV_DATA_DIR).append("=DIR, or pass --data-dir DIR (dataDir(DIR))\n");
            sb.append("  - or allow a download from ").append(mirrors.isEmpty() ? "a mirror" : mirrors.get(0))
                    .append(" (needs network; mirrors: ").append(entry.mirrorProperty()).append(")\n");
            if (entry.installHint() != null) {
                sb.append("  - or ").append(entry.installHint()).append('\n');
            }
            for (String way : moreWays) {
                sb.append("  - or ").append(way).append('\n');
            }
            return new DatasetNotFoundException(sb.toString().stripTrailing(), looked, downloadFailure);
        }
    }

    /** A download into the user cache. */
    @FunctionalInterface
    interface DownloadStep<T> {
        T run() throws IOException;
    }

    /**
     * Starts checking {@code file} against {@code expected}: the stamp is taken now, before the file
     * is read; {@link Check#digest()} is the digest to feed while reading, null when there is
     * nothing to hash (no catalog digest, or the file is remembered as verified in its current state
     * and hashing is not forced).
     */
    Check check(Path file, DatasetFile expected) throws IOException {
        String sha = expected.sha256();
        VerifiedFiles.Stamp stamp = sha == null ? null : VerifiedFiles.stamp(file);
        boolean hash = sha != null && (verifyChecksums || !verified.remembers(file, stamp, sha));
        return new Check(file, expected, stamp, hash ? Checksums.sha256() : null);
    }

    /** A checksum check in progress; see {@link #check}. */
    final class Check {
        private final Path file;
        private final DatasetFile expected;
        private final VerifiedFiles.Stamp stamp;
        private final MessageDigest digest;

        private Check(Path file, DatasetFile expected, VerifiedFiles.Stamp stamp, MessageDigest digest) {
            this.file = file;
            this.expected = expected;
            this.stamp = stamp;
            this.digest = digest;
        }

        /** The digest to feed with the (decompressed) content, or null when none is needed. */
        MessageDigest digest() {
            return digest;
        }

        /**
         * Compares the digest fed with the catalog's and remembers a match.
         *
         * @param kind where the file was found, for the advice on how to fix it
         * @throws ChecksumMismatchException one line naming the file, both digests and how to fix it
         */
        void finish(DataSource.Kind kind) throws ChecksumMismatchException {
            if (digest == null) {
                return;
            }
            String actual = Checksums.hex(digest.digest());
            if (!actual.equals(expected.sha256())) {
                throw new ChecksumMismatchException(file.toString(), null, expected.sha256(), actual,
                        "catalog entry " + entry.displayName() + " " + expected.name(),
                        "the file is damaged or not " + entry.whose() + ": " + fix(kind));
            }
            log.info("verified SHA-256 of {}: {}", file, expected.sha256());
            verified.remember(file, stamp, expected.sha256());
        }
    }

    /**
     * Checks an uncompressed {@code file} against {@code expected} by reading it once (or not at all
     * when it is remembered as verified).
     *
     * @throws ChecksumMismatchException see {@link Check#finish}
     */
    void verify(Path file, DatasetFile expected, DataSource.Kind kind) throws IOException {
        Check c = check(file, expected);
        if (c.digest() != null) {
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) != -1) {
                    c.digest().update(buf, 0, n);
                }
            }
        }
        c.finish(kind);
    }

    /** How to fix a bad file found at a place of {@code kind}. */
    String fix(DataSource.Kind kind) {
        return switch (kind) {
            case CACHE, DOWNLOAD -> "delete it and run again to download it anew, or pass --data-dir DIR (dataDir) "
                    + "holding good copies";
            case EXPLICIT_DIR -> "replace it with the original file, or pass another --data-dir (dataDir)";
            case ENV_DIR -> "replace it with the original file, or point " + ENV_DATA_DIR
                    + " elsewhere (or pass --data-dir DIR)";
            case SYSTEM_DIR -> "reinstall the package that installed it"
                    + (entry.installHint() == null ? "" : " (" + entry.installHint() + ")")
                    + ", or pass --data-dir DIR holding good copies";
            default -> "replace it";
        };
    }

    /**
     * Downloads {@code expected} as {@code remoteName} from the first mirror that serves it with the
     * catalog's digest into the user cache ({@code cacheDir()/remoteName}), and remembers it as
     * verified.
     *
     * @return the URL it came from
     * @throws IOException when there is no mirror, or every mirror failed (one line naming each URL
     *                     with its cause)
     */
    URI downloadIntoCache(DatasetFile expected, String remoteName) throws IOException {
        if (mirrors.isEmpty()) {
            throw new IOException("no mirror configured for " + entry.name());
        }
        List<URI> urls = new ArrayList<>();
        for (URI mirror : mirrors) {
            urls.add(mirror.resolve(remoteName));
        }
        Path target = cacheDir().resolve(remoteName);
        // tries the mirrors in order; when all fail, the message names each one with its cause
        URI used = new Downloader(downloadConfig).downloadFirst(urls, target, expected);
        if (expected.sha256() != null) { // the downloader checked the content: no need to hash it again
            verified.remember(target, VerifiedFiles.stamp(target), expected.sha256());
        }
        return used;
    }

    static Path defaultCacheRoot(Map<String, String> env) {
        String root = env.get(ENV_CACHE_DIR);
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "ml-platform");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "ml-platform");
    }

    private static List<URI> mirrorsFromProperty(Entry entry) {
        String prop = System.getProperty(entry.mirrorProperty());
        if (prop == null || prop.isBlank()) {
            return entry.mirrors();
        }
        List<URI> out = new ArrayList<>();
        for (String s : prop.split(",")) {
            if (!s.isBlank()) {
                out.add(mirrorUri(s.trim(), "-D" + entry.mirrorProperty()));
            }
        }
        return out;
    }

    static URI mirrorUri(String base, String what) {
        String b = base.endsWith("/") ? base : base + "/";
        try {
            URI u = URI.create(b);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                throw new IllegalArgumentException(what + ": expected an http(s) base URL, got '" + base + "'");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": expected an http(s) base URL, got '" + base + "'", e);
        }
    }
}
