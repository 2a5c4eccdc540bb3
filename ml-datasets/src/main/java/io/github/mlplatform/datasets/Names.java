package io.github.mlplatform.datasets;

import io.github.mlplatform.datasets.text.Words;

import java.io.IOException;

/**
 * makemore's {@code names.txt} (A. Karpathy, MIT license): the 32,033 most common US baby names of
 * 2018, one per line, lower-case a-z, found like {@link Mnist} (explicit dir, {@code $ML_DATA_DIR/names/},
 * user cache, {@code /usr/share/datasets/names/}, then a download from the makemore repository) and
 * checked against the catalog's SHA-256 wherever it is found; see {@link WordsDataset}.
 *
 * <pre>{@code
 * Words names = Names.builder().dataDir(path).download(false).build().load();
 * log.info("data: {}", names.source());          // e.g. "/data/names/names.txt ($ML_DATA_DIR)"
 * Words.Split split = names.split(42);            // makemore's 80/10/10 split
 * }</pre>
 */
public final class Names {

    /** The catalog entry (file, digest, alphabet a-z, mirror). */
    public static final WordsSpec SPEC = DatasetCatalog.NAMES;

    private Names() {
    }

    /** A loader builder (default lookup). */
    public static WordsDataset.Builder builder() {
        return WordsDataset.builder(SPEC);
    }

    /** The names with the default lookup ({@code builder().build().load()}). */
    public static Words load() throws IOException {
        return builder().build().load();
    }
}
