package io.github.mlplatform.datasets.idx;

import java.io.IOException;

/**
 * An IDX file (or a pair of them) is not what it should be: bad magic number, unsupported element
 * type, impossible dimensions, truncated or corrupt content, trailing bytes, a checksum that differs
 * from the catalog, or images and labels that do not match. The message names the file and what was
 * expected.
 */
public class IdxFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final String problem;

    /** {@code source} is the file (or resource) the problem is in; {@code problem} says what is wrong. */
    public IdxFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
        this.problem = problem;
    }

    public IdxFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = source;
        this.problem = problem;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }

    /** The file or resource the problem was found in. */
    public String source() {
        return source;
    }
}
