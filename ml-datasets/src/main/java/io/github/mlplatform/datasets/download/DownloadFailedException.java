package io.github.mlplatform.datasets.download;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A file could not be downloaded from any of its URLs (mirrors). The message is one line that names
 * every URL tried, in order, with its cause ("HTTP 404 Not Found", "connection refused by host:port",
 * "unknown host ...", "no response within 60000 ms ...", a transfer that broke or stalled, a checksum
 * mismatch) and the number of attempts; {@link #failures()} lists them for programs. The cause is the
 * most telling failure: a {@link ChecksumMismatchException} when a mirror served other content, else
 * the last one; the others are suppressed exceptions.
 */
public class DownloadFailedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * One URL that failed.
     *
     * @param url      the URL
     * @param cause    what went wrong, one line
     * @param attempts how many attempts were made
     */
    public record Failure(URI url, String cause, int attempts) {
        @Override
        public String toString() {
            return url + ": " + cause + (attempts > 1 ? " (" + attempts + " attempts)" : "");
        }
    }

    private final transient List<Failure> failures;

    public DownloadFailedException(String message, List<Failure> failures, Throwable cause) {
        super(message, cause);
        this.failures = List.copyOf(failures);
    }

    /** Every URL tried, in order, and why it failed. */
    public List<Failure> failures() {
        return failures;
    }
}
