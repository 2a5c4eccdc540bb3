package io.github.mlplatform.datasets.download;

import java.time.Duration;

/**
 * How downloads behave.
 *
 * @param connectTimeout time allowed to open the connection
 * @param requestTimeout time allowed until the response headers arrive
 * @param readTimeout    longest pause allowed while the body streams in (a stalled transfer is
 *                       aborted and retried)
 * @param attempts       attempts per mirror (1 = no retry)
 * @param backoff        pause before the second attempt; doubled before each further one
 */
public record DownloadConfig(Duration connectTimeout, Duration requestTimeout, Duration readTimeout,
                             int attempts, Duration backoff) {

    /** 10 s to connect, 60 s to the headers, 60 s of silence at most, 3 attempts, 1 s then 2 s pause. */
    public static final DownloadConfig DEFAULT = new DownloadConfig(
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), 3, Duration.ofSeconds(1));

    public DownloadConfig {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        if (backoff == null || backoff.isNegative()) {
            throw new IllegalArgumentException("backoff must be >= 0, got " + backoff);
        }
    }

    /** The defaults. */
    public static DownloadConfig defaults() {
        return DEFAULT;
    }

    public DownloadConfig withAttempts(int n) {
        return new DownloadConfig(connectTimeout, requestTimeout, readTimeout, n, backoff);
    }

    public DownloadConfig withBackoff(Duration d) {
        return new DownloadConfig(connectTimeout, requestTimeout, readTimeout, attempts, d);
    }

    public DownloadConfig withTimeouts(Duration connect, Duration request, Duration read) {
        return new DownloadConfig(connect, request, read, attempts, backoff);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }
}
