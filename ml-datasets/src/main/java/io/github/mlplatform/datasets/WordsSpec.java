package io.github.mlplatform.datasets;

import java.net.URI;
import java.util.List;

/**
 * A word list in the catalog: one text file of one word per line, found like the image sets (see
 * {@link WordsDataset}) and checked against its SHA-256 wherever it is found. The built-in entry is
 * {@link DatasetCatalog#NAMES}; tests build their own (a tiny file, a local mirror, its digest).
 *
 * @param name        folder name under {@code ML_DATA_DIR}, the cache and {@code /usr/share/datasets},
 *                    e.g. {@code names}
 * @param displayName for messages, e.g. {@code makemore names}
 * @param file        the file name (as on disk and on the mirrors), SHA-256 and size of its content
 * @param alphabet    the characters a word may contain, e.g. {@code abcdefghijklmnopqrstuvwxyz}; a
 *                    line with another character fails naming its line number
 * @param mirrors     base URLs tried in order for downloads (each ends with '/'); the file's URL is
 *                    base + file name
 */
public record WordsSpec(String name, String displayName, DatasetFile file, String alphabet, List<URI> mirrors) {

    public WordsSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("name: expected a folder name like 'names', got '" + name + "'");
        }
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName of " + name + " must not be blank");
        }
        if (file == null) {
            throw new IllegalArgumentException("file of " + name + " must not be null");
        }
        if (alphabet == null || alphabet.isEmpty() || alphabet.indexOf('.') >= 0) {
            throw new IllegalArgumentException("alphabet of " + name
                    + ": expected the characters a word may contain, without the boundary token '.', got '"
                    + alphabet + "'");
        }
        mirrors = List.copyOf(mirrors);
        for (URI m : mirrors) {
            if (!m.toString().endsWith("/")) {
                throw new IllegalArgumentException("mirror of " + name + " must end with '/': " + m);
            }
        }
    }

    /** System property that overrides the mirrors: {@code ml.datasets.mirror.<name>}, comma-separated. */
    public String mirrorProperty() {
        return "ml.datasets.mirror." + name;
    }
}
