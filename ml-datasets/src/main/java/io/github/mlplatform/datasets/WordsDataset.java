package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.download.ChecksumMismatchException;
import io.github.mlplatform.datasets.text.CharVocabulary;
import io.github.mlplatform.datasets.text.Words;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Loads a word list ({@link Names}, or any {@link WordsSpec}) as {@link Words}, looking for its file
 * where the image sets are looked for ({@link IdxDataset}), in this order (the first place holding
 * the file wins):
 * <ol>
 *   <li>the explicit directory {@link Builder#dataDir(Path)} ({@code DIR/<name>/<file>} then {@code DIR/<file>});</li>
 *   <li>{@code $ML_DATA_DIR/<name>/<file>};</li>
 *   <li>the user cache {@code ~/.cache/ml-platform/datasets/<name>/} (root overridable by
 *       {@code $ML_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ml-platform}, or {@link Builder#cacheDir(Path)});</li>
 *   <li>the system directory {@code /usr/share/datasets/<name>/};</li>
 *   <li>a download from the mirrors (base URL + file name) into the user cache, checking the
 *       SHA-256 (disable with {@link Builder#download(boolean)} or {@code -Dml.datasets.download=false}).</li>
 * </ol>
 * A file with a catalog SHA-256 must have it wherever it was found, else a
 * {@link ChecksumMismatchException} names the file, both digests and how to fix it; the result is
 * remembered in {@code <cacheRoot>/datasets/verified-sha256.properties}, so later runs do not hash
 * again ({@link Builder#verifyChecksums(boolean)} forces it). A file lying directly in the explicit
 * directory whose digest differs is skipped and reported instead (it may be another list of the
 * same name). The file is read once: checked, then parsed (UTF-8, one word per line, every
 * character in the spec's alphabet, else an {@link IllegalArgumentException} names the file and
 * line). If nothing is found, a {@link DatasetNotFoundException} lists every place looked at.
 *
 * <pre>{@code
 * Words names = Names.builder().dataDir(path).build().load();
 * log.info("data: {}", names.source());
 * }</pre>
 */
public final class WordsDataset {

    private static final Logger LOG = LoggerFactory.getLogger(WordsDataset.class);

    private final WordsSpec spec;
    private final CharVocabulary alphabet;
    private final DataLookup lookup;

    private WordsDataset(Builder b) {
        this.spec = b.spec;
        this.alphabet = CharVocabulary.ofCharacters(spec.alphabet());
        this.lookup = new DataLookup(new DataLookup.Entry(spec.name(), spec.displayName(),
                "the " + spec.displayName() + " list", false, null, spec.mirrors()), b.options, LOG);
    }

    /** A builder for {@code spec}. */
    public static Builder builder(WordsSpec spec) {
        return new Builder(spec);
    }

    /** The word list this loads. */
    public WordsSpec spec() {
        return spec;
    }

    /** The folder of this word list in the user cache, {@code <cacheRoot>/datasets/<name>}. */
    public Path cacheDir() {
        return lookup.cacheDir();
    }

    /** The mirrors downloads are tried from, in order. */
    public List<URI> mirrors() {
        return lookup.mirrors();
    }

    /**
     * Finds, checks and reads the word list (see the class comment for the lookup order).
     *
     * @return the words, whose {@link Words#dataSource()} says where they came from
     * @throws DatasetNotFoundException  when no place has the file (message: every place looked at
     *                                   and how to provide it)
     * @throws ChecksumMismatchException when a file that was found has another SHA-256 than the
     *                                   catalog's (one line: the file, both digests, how to fix it)
     * @throws IllegalArgumentException  when a line holds a character outside the alphabet (names
     *                                   the file and the line number) or the file holds no word
     */
    public Words load() throws IOException {
        String what = spec.displayName();
        String fileName = spec.file().name();
        DataLookup.Search search = lookup.search(what);
        for (DataLookup.Place place : search.places()) {
            if (!search.enter(place)) {
                continue;
            }
            Path file = place.dir().resolve(fileName);
            if (!Files.isRegularFile(file)) {
                search.note(place.where() + ": missing " + fileName);
                continue;
            }
            try {
                return finish(read(file, place.source(file)), what);
            } catch (ChecksumMismatchException e) {
                search.rejected(place, e);
            }
        }
        Words downloaded = search.download(() -> {
            URI from = lookup.downloadIntoCache(spec.file(), fileName);
            Path file = cacheDir().resolve(fileName);
            return read(file, new DataSource(DataSource.Kind.DOWNLOAD, file.toString(),
                    file + " (downloaded from " + from + ")"));
        });
        if (downloaded != null) {
            return finish(downloaded, what);
        }
        throw search.notFound("the file (" + fileName + ")", "it", List.of());
    }

    private static Words finish(Words words, String what) {
        LOG.info("{}: {} words from {}", what, words.size(), words.source());
        return words;
    }

    /**
     * Reads {@code file} once: its content (decompressed when it is gzip, by its first bytes, as the
     * downloader checks it) is checked against the catalog's SHA-256, then parsed. At most the
     * catalog's size is kept in memory: a longer file is hashed to the end (for the message) but
     * not kept, so a huge file or a gzip bomb fails with the checksum instead of filling the heap.
     */
    private Words read(Path file, DataSource source) throws IOException {
        DataLookup.Check check = lookup.check(file, spec.file());
        MessageDigest md = check.digest();
        long limit = spec.file().size() >= 0 ? spec.file().size() : Long.MAX_VALUE;
        ByteArrayOutputStream kept = new ByteArrayOutputStream((int) Math.min(limit, 1 << 20));
        long total = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) != -1) {
                    if (md != null) {
                        md.update(buf, 0, n);
                    }
                    total += n;
                    if (total <= limit) {
                        kept.write(buf, 0, n);
                    } else if (md == null) {
                        break; // nothing to hash: the size alone fails below
                    }
                }
            }
        }
        check.finish(source.kind());
        if (total > limit) {
            throw new IOException(file + ": more than " + limit + " bytes of content, the catalog's size of "
                    + spec.file().name() + "; " + lookup.fix(source.kind()));
        }
        return Words.read(new ByteArrayInputStream(kept.toByteArray()), source, alphabet);
    }

    /** Options of a {@link WordsDataset}; all optional. */
    public static final class Builder extends DataLookupBuilder<Builder> {
        private final WordsSpec spec;

        private Builder(WordsSpec spec) {
            if (spec == null) {
                throw new IllegalArgumentException("spec must not be null");
            }
            this.spec = spec;
        }

        /** The loader. */
        public WordsDataset build() {
            return new WordsDataset(this);
        }
    }
}
