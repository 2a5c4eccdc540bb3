package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.download.ChecksumMismatchException;
import io.github.mlplatform.datasets.idx.IdxArray;
import io.github.mlplatform.datasets.idx.IdxFormatException;
import io.github.mlplatform.datasets.idx.IdxReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Loads one split of an IDX image data set ({@link Mnist}, {@link FashionMnist}, or any
 * {@link DatasetSpec}), looking for the files in this order (first complete pair wins):
 * <ol>
 *   <li>the explicit directory {@link Builder#dataDir(Path)} ({@code DIR/<name>/} then {@code DIR/});</li>
 *   <li>{@code $ML_DATA_DIR/<name>/}, and for MNIST also {@code $ML_DATA_DIR/} itself;</li>
 *   <li>the user cache {@code ~/.cache/ml-platform/datasets/<name>/} (root overridable by
 *       {@code $ML_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ml-platform}, or {@link Builder#cacheDir(Path)});</li>
 *   <li>the system directory {@code /usr/share/datasets/<name>/} (Debian's dataset packages);</li>
 *   <li>a download from the mirrors into the user cache, checking the SHA-256 of the decompressed
 *       content (disable with {@link Builder#download(boolean)} or {@code -Dml.datasets.download=false});</li>
 *   <li>the embedded sample, only when {@link Builder#allowEmbeddedSample(boolean)} is set (logged as WARN).</li>
 * </ol>
 * Each file may be {@code <file>.gz} or the raw {@code <file>}. Files found anywhere are validated
 * by the IDX reader against the catalog before anything is allocated (magic, type, dimensions and
 * size = the catalog's, length the file can hold), then read (exact length, images/labels agree),
 * and a file with a catalog SHA-256 must have it, wherever it was found: a file of the right shape
 * with other content (say MNIST whose pixels are all 0) fails with a {@link ChecksumMismatchException}
 * naming the file, both digests and how to fix it. The digest is taken while the file is read
 * (about the cost of the read) once; the result is remembered by path, size and times in
 * {@code <cacheRoot>/datasets/verified-sha256.properties} ({@link VerifiedFiles}), so later runs do
 * not hash again ({@link Builder#verifyChecksums(boolean)} forces it). Files lying directly in a
 * data directory ("flat" layout) that do not match are skipped and reported instead, because MNIST
 * and Fashion-MNIST use the same file names. If nothing is found, a
 * {@link DatasetNotFoundException} lists every place looked at.
 *
 * <pre>{@code
 * LabeledImages train = Mnist.builder().train(true).limit(1000).dataDir(path).build().load();
 * log.info("data: {}", train.source());
 * }</pre>
 */
public final class IdxDataset {

    private static final Logger LOG = LoggerFactory.getLogger(IdxDataset.class);

    /** Environment variable naming the data directory. */
    public static final String ENV_DATA_DIR = DataLookup.ENV_DATA_DIR;
    /** Environment variable naming the cache root (datasets go in {@code <root>/datasets/<name>}). */
    public static final String ENV_CACHE_DIR = DataLookup.ENV_CACHE_DIR;
    /** System property; {@code false} disables downloads by default. */
    public static final String PROP_DOWNLOAD = DataLookup.PROP_DOWNLOAD;
    /** Debian's folder for dataset packages. */
    public static final Path DEFAULT_SYSTEM_DIR = DataLookup.DEFAULT_SYSTEM_DIR;

    private final DatasetSpec spec;
    private final boolean train;
    private final int limit;
    private final boolean allowEmbeddedSample;
    private final DataLookup lookup;

    private IdxDataset(Builder b) {
        this.spec = b.spec;
        this.train = b.train;
        this.limit = b.limit;
        this.allowEmbeddedSample = b.allowEmbeddedSample;
        this.lookup = new DataLookup(new DataLookup.Entry(spec.name(), spec.displayName(), spec.displayName() + "'s",
                spec.flatLayoutInDataDir(), spec.installHint(), spec.mirrors()), b.options, LOG);
    }

    /** A builder for {@code spec}. */
    public static Builder builder(DatasetSpec spec) {
        return new Builder(spec);
    }

    /** The data set this loads. */
    public DatasetSpec spec() {
        return spec;
    }

    /** The folder of this data set in the user cache, {@code <cacheRoot>/datasets/<name>}. */
    public Path cacheDir() {
        return lookup.cacheDir();
    }

    /** The mirrors downloads are tried from, in order. */
    public List<URI> mirrors() {
        return lookup.mirrors();
    }

    /**
     * Finds, checks and reads the split (see the class comment for the lookup order).
     *
     * @throws DatasetNotFoundException when no location has the files (message: every place looked at
     *                                  and how to provide the files)
     * @throws IdxFormatException       when a file that was found is invalid (names the file, what was
     *                                  expected and how to fix it)
     * @throws ChecksumMismatchException when a file that was found (not in a flat data directory) has
     *                                  another SHA-256 than the catalog's (names the file, both digests
     *                                  and how to fix it)
     */
    public LabeledImages load() throws IOException {
        String what = spec.displayName() + " " + splitName();
        DataLookup.Search search = lookup.search(what);
        for (DataLookup.Place place : search.places()) {
            LabeledImages found = tryDirectory(place, search);
            if (found != null) {
                return finish(found, what);
            }
        }
        LabeledImages downloaded = search.download(this::downloadIntoCache);
        if (downloaded != null) {
            return finish(downloaded, what);
        }
        if (allowEmbeddedSample && spec.embeddedSampleResource() != null) {
            LabeledImages sample = readEmbeddedSample(spec, train);
            LOG.warn("{}: using the {} because the full data set was not found; results are NOT comparable "
                    + "with full-data runs. Looked at: {}", what, sample.source(), String.join("; ", search.lookedAt()));
            return limited(sample);
        }
        search.note("embedded sample: " + (spec.embeddedSampleResource() == null ? "none for " + spec.name()
                : "not allowed (allowEmbeddedSample(true) enables it)"));
        DatasetSpec.Split split = spec.split(train);
        throw search.notFound("the files (" + split.images().gzName() + ", " + split.labels().gzName()
                + ", raw or .gz)", "them", spec.embeddedSampleResource() == null ? List.of()
                : List.of("for demos only, allowEmbeddedSample(true) uses the small sample in the jar"));
    }

    private LabeledImages finish(LabeledImages data, String what) {
        LabeledImages out = limited(data);
        LOG.info("{}: {} images of {}x{} from {}", what, out.size(), out.images().rows(), out.images().cols(),
                out.source());
        return out;
    }

    private LabeledImages limited(LabeledImages data) {
        return limit > 0 ? data.head(limit) : data;
    }

    private String splitName() {
        return train ? "train" : "test";
    }

    private LabeledImages tryDirectory(DataLookup.Place place, DataLookup.Search search) throws IOException {
        if (!search.enter(place)) {
            return null;
        }
        DatasetSpec.Split split = spec.split(train);
        Path images = findFile(place.dir(), split.images());
        Path labels = findFile(place.dir(), split.labels());
        if (images == null || labels == null) {
            List<String> missing = new ArrayList<>();
            if (images == null) {
                missing.add(split.images().gzName());
            }
            if (labels == null) {
                missing.add(split.labels().gzName());
            }
            search.note(place.where() + ": missing " + String.join(" and ", missing) + " (or uncompressed)");
            return null;
        }
        try {
            return readPair(images, labels, split, place.source(place.dir()));
        } catch (ChecksumMismatchException e) {
            search.rejected(place, e);
            return null;
        }
    }

    private static Path findFile(Path dir, DatasetFile f) {
        Path gz = dir.resolve(f.gzName());
        if (Files.isRegularFile(gz)) {
            return gz;
        }
        Path raw = dir.resolve(f.name());
        return Files.isRegularFile(raw) ? raw : null;
    }

    /** Reads and cross-checks an image file and a label file of {@code split}. */
    private LabeledImages readPair(Path imagesPath, Path labelsPath, DatasetSpec.Split split, DataSource source)
            throws IOException {
        int count = split.count() > 0 ? split.count() : -1;
        IdxArray img = readChecked(imagesPath, split.images(), new int[] {count, spec.rows(), spec.cols()}, source.kind());
        IdxArray lbl = readChecked(labelsPath, split.labels(), new int[] {count}, source.kind());
        ByteImages images = IdxReader.toImages(img);
        byte[] labels = IdxReader.toLabels(lbl);
        LabeledImages.check(images, labels, spec.classNames(), imagesPath.toString(), labelsPath.toString());
        return new LabeledImages(images, labels, spec.classNames(), source);
    }

    /**
     * Reads {@code file}, checking its header against the catalog ({@code dims}, -1 = any, and the
     * size) before anything is allocated and its SHA-256 against the catalog's unless it is
     * remembered as verified in its current state.
     */
    private IdxArray readChecked(Path file, DatasetFile expected, int[] dims, DataSource.Kind kind) throws IOException {
        DataLookup.Check check = lookup.check(file, expected);
        IdxArray a;
        try {
            a = IdxReader.read(file, check.digest(), new IdxReader.Expected(dims, expected.size(),
                    spec.displayName() + " " + expected.name()));
        } catch (IdxFormatException e) {
            throw new IdxFormatException(e.source(), e.problem() + "; " + lookup.fix(kind), e);
        }
        check.finish(kind);
        return a;
    }

    private LabeledImages downloadIntoCache() throws IOException {
        DatasetSpec.Split split = spec.split(train);
        Path dir = cacheDir();
        List<String> fetched = new ArrayList<>();
        for (DatasetFile f : List.of(split.images(), split.labels())) {
            if (findFile(dir, f) == null) {
                fetched.add(lookup.downloadIntoCache(f, f.gzName()).toString());
            }
        }
        Path images = findFile(dir, split.images());
        Path labels = findFile(dir, split.labels());
        String from = fetched.isEmpty() ? "" : " from " + String.join(", ", fetched);
        DataSource source = new DataSource(DataSource.Kind.DOWNLOAD, dir.toString(),
                dir + " (downloaded" + from + ")");
        return readPair(images, labels, split, source);
    }

    /**
     * Reads the embedded sample of {@code spec} (train or test split) from the class path.
     *
     * @throws IllegalArgumentException when {@code spec} has no embedded sample
     */
    static LabeledImages readEmbeddedSample(DatasetSpec spec, boolean train) throws IOException {
        String dir = spec.embeddedSampleResource();
        if (dir == null) {
            throw new IllegalArgumentException(spec.name() + " has no embedded sample");
        }
        DatasetSpec.Split split = spec.split(train);
        ClassLoader cl = IdxDataset.class.getClassLoader();
        IdxArray img = readResource(cl, dir + "/" + split.images().gzName());
        IdxArray lbl = readResource(cl, dir + "/" + split.labels().gzName());
        ByteImages images = IdxReader.toImages(img);
        byte[] labels = IdxReader.toLabels(lbl);
        LabeledImages.check(images, labels, spec.classNames(), img.source(), lbl.source());
        Properties props = new Properties();
        try (InputStream in = cl.getResourceAsStream(dir + "/sample.properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        String key = train ? "train" : "test";
        String indices = props.getProperty(key + ".indices", "0-" + (images.count() - 1));
        String description = "embedded sample (" + images.count() + " digits: " + spec.displayName() + " "
                + key + " indices " + indices + ")";
        DataSource source = new DataSource(DataSource.Kind.EMBEDDED_SAMPLE, "classpath:" + dir, description);
        return new LabeledImages(images, labels, spec.classNames(), source);
    }

    private static IdxArray readResource(ClassLoader cl, String name) throws IOException {
        try (InputStream in = cl.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("class-path resource " + name + " is missing from the ml-datasets jar");
            }
            return IdxReader.read(in, "classpath:" + name, null);
        }
    }

    static Path defaultCacheRoot(Map<String, String> env) {
        return DataLookup.defaultCacheRoot(env);
    }

    /** Options of an {@link IdxDataset}; all optional. */
    public static final class Builder extends DataLookupBuilder<Builder> {
        private final DatasetSpec spec;
        private boolean train = true;
        private int limit;
        private boolean allowEmbeddedSample;

        private Builder(DatasetSpec spec) {
            if (spec == null) {
                throw new IllegalArgumentException("spec must not be null");
            }
            this.spec = spec;
        }

        /** Training split (true, default) or test split (false). */
        public Builder train(boolean train) {
            this.train = train;
            return this;
        }

        /** Keep only the first {@code n} examples (0 = all, the default). */
        public Builder limit(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + n);
            }
            this.limit = n;
            return this;
        }

        /**
         * When nothing else is found, use the small sample embedded in the jar (logged as WARN; the
         * result's {@link LabeledImages#source()} says so). Only MNIST has one.
         */
        public Builder allowEmbeddedSample(boolean allow) {
            this.allowEmbeddedSample = allow;
            return this;
        }

        /**
         * @throws IllegalStateException when the embedded sample is allowed for a data set without one
         */
        public IdxDataset build() {
            if (allowEmbeddedSample && spec.embeddedSampleResource() == null) {
                throw new IllegalStateException("allowEmbeddedSample: " + spec.name() + " has no embedded sample"
                        + " (only mnist has one)");
            }
            return new IdxDataset(this);
        }
    }
}
