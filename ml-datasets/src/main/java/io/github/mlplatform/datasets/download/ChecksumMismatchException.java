package io.github.mlplatform.datasets.download;

import java.io.IOException;

/**
 * A file's decompressed content does not have the SHA-256 (or size) the catalog expects. The
 * message names the file, where it came from, the expected and the actual digest.
 */
public class ChecksumMismatchException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String file, String origin, String expected, String actual, String detail) {
        this(file, origin, expected, actual, detail, null);
    }

    /**
     * As above, with {@code fix}: what the user can do about it (e.g. "delete it and run again to
     * download it anew"), appended after a semicolon; the message stays one line.
     */
    public ChecksumMismatchException(String file, String origin, String expected, String actual, String detail,
                                     String fix) {
        super("checksum mismatch for " + file + (origin == null ? "" : " from " + origin)
                + ": SHA-256 of the decompressed content is " + actual + ", expected " + expected
                + (detail == null ? "" : " (" + detail + ")") + (fix == null ? "" : "; " + fix));
        this.file = file;
        this.expected = expected;
        this.actual = actual;
    }

    /** The file name. */
    public String file() {
        return file;
    }

    /** The digest the catalog expects. */
    public String expected() {
        return expected;
    }

    /** The digest that was computed. */
    public String actual() {
        return actual;
    }
}
