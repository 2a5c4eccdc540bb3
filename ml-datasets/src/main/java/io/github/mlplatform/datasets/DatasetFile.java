package io.github.mlplatform.datasets;

import java.util.Locale;

/**
 * One file of a data set in the catalog: its name without {@code .gz}, and the SHA-256 and size of
 * its <em>decompressed</em> content (Debian recompresses Fashion-MNIST, so the {@code .gz} bytes
 * differ between sources while the content does not).
 *
 * @param name   e.g. {@code t10k-labels-idx1-ubyte} (an IDX file: on disk as {@code name.gz} or
 *               {@code name}, on the mirrors as {@code name.gz}) or {@code names.txt} (a word list:
 *               {@code name} everywhere)
 * @param sha256 lower-case hex SHA-256 of the decompressed content, or null when unknown (no check)
 * @param size   decompressed size in bytes, or -1 when unknown
 */
public record DatasetFile(String name, String sha256, long size) {

    public DatasetFile {
        if (name == null || name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("name: expected a plain file name, got '" + name + "'");
        }
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(Locale.ROOT);
            if (!sha256.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("sha256 of " + name + ": expected 64 hex digits, got '" + sha256 + "'");
            }
        }
    }

    /** The compressed file name, {@code name + ".gz"} (the name on the mirrors). */
    public String gzName() {
        return name + ".gz";
    }
}
