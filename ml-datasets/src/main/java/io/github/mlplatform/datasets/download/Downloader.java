package io.github.mlplatform.datasets.download;

import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.datasets.DatasetFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipException;

/**
 * Downloads one file over HTTP(S) into a target path, safely:
 * <ul>
 *   <li>the body streams into a temporary file next to the target, renamed over it only after the
 *       check passed ({@link AtomicFiles#writeVia}); on any failure nothing is left behind;</li>
 *   <li>the SHA-256 and size of the <em>decompressed</em> content are compared with the expected
 *       {@link DatasetFile} (the catalog's, or a test's own); a mismatch fails at once, without retry,
 *       with a {@link ChecksumMismatchException};</li>
 *   <li>connection failures, dropped or stalled transfers and 5xx/408/429 answers are retried
 *       ({@link DownloadConfig#attempts()} attempts, pause {@code backoff·2^(k-1)} before attempt k+1);</li>
 *   <li>a body longer than a gzip of the expected content can be is refused (from the announced
 *       length at once, or as soon as it is exceeded): a broken server cannot fill the disk;</li>
 *   <li>with several URLs (mirrors) each is tried in turn, also after a checksum mismatch;</li>
 *   <li>every failure names its cause - "HTTP 404 Not Found", "connection refused by host:port",
 *       "unknown host h", "no response within 60000 ms (request timeout)", a transfer that broke or
 *       stalled - never "null" ({@link #describe}); when all URLs failed a
 *       {@link DownloadFailedException} lists each URL with its cause;</li>
 *   <li>progress is shown with {@link Progress}.</li>
 * </ul>
 */
public final class Downloader {

    private static final Logger LOG = LoggerFactory.getLogger(Downloader.class);

    private final DownloadConfig config;
    private final HttpClient client;

    public Downloader(DownloadConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The configuration. */
    public DownloadConfig config() {
        return config;
    }

    /**
     * Downloads {@code url} to {@code target} and checks it against {@code expected} (digest and size
     * of the decompressed content; a null digest / negative size is not checked).
     *
     * @throws ChecksumMismatchException when the content differs (the target is not written)
     * @throws DownloadFailedException   when every attempt failed; the message names the URL, the
     *                                   cause and the number of attempts
     */
    public void download(URI url, Path target, DatasetFile expected) throws IOException {
        Attempted a = attempt(url, target, expected);
        if (a != null) {
            if (a.error() instanceof ChecksumMismatchException c) {
                throw c;
            }
            DownloadFailedException.Failure f = new DownloadFailedException.Failure(url, a.cause(), a.attempts());
            throw new DownloadFailedException("download of " + url + " failed after " + a.attempts() + " attempt"
                    + (a.attempts() == 1 ? "" : "s") + ": " + a.cause(), List.of(f), a.error());
        }
    }

    /**
     * Downloads the first of {@code urls} (mirrors, in order) that works to {@code target}, checked
     * against {@code expected}; a URL that fails in any way (also with other content) is followed
     * by the next.
     *
     * @throws DownloadFailedException when all failed: one line naming each URL with its cause
     */
    public void download(List<URI> urls, Path target, DatasetFile expected) throws IOException {
        downloadFirst(urls, target, expected);
    }

    /** {@link #download(List, Path, DatasetFile)}, returning the URL that worked. */
    public URI downloadFirst(List<URI> urls, Path target, DatasetFile expected) throws IOException {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("urls: expected at least one URL for " + target.getFileName());
        }
        String file = target.getFileName().toString();
        List<DownloadFailedException.Failure> failures = new ArrayList<>();
        IOException telling = null;
        List<IOException> errors = new ArrayList<>();
        for (URI url : urls) {
            Attempted a = attempt(url, target, expected);
            if (a == null) {
                if (!failures.isEmpty()) {
                    LOG.info("downloaded {} from {} after {} failed: {}", file, url,
                            failures.size() == 1 ? "another mirror" : failures.size() + " other mirrors", failures);
                }
                return url;
            }
            failures.add(new DownloadFailedException.Failure(url, a.cause(), a.attempts()));
            errors.add(a.error());
            if (telling == null || a.error() instanceof ChecksumMismatchException) {
                telling = telling instanceof ChecksumMismatchException ? telling : a.error();
            }
            LOG.warn("{} from {} failed: {}{}", file, url, a.cause(),
                    url.equals(urls.get(urls.size() - 1)) ? "" : "; trying the next mirror");
        }
        if (!(telling instanceof ChecksumMismatchException)) {
            telling = errors.get(errors.size() - 1);
        }
        StringBuilder m = new StringBuilder(file).append(" could not be downloaded from ")
                .append(urls.size() == 1 ? "its mirror: " : "any of " + urls.size() + " mirrors: ");
        for (int i = 0; i < failures.size(); i++) {
            m.append(i > 0 ? "; " : "").append('(').append(i + 1).append(") ").append(failures.get(i));
        }
        DownloadFailedException e = new DownloadFailedException(m.toString(), failures, telling);
        for (IOException other : errors) {
            if (other != telling) {
                e.addSuppressed(other);
            }
        }
        throw e;
    }

    /** The outcome of the attempts at one URL: null when it worked. */
    private record Attempted(IOException error, String cause, int attempts) {
    }

    private Attempted attempt(URI url, Path target, DatasetFile expected) throws InterruptedIOException {
        IOException last = null;
        int attempt = 1;
        for (; attempt <= config.attempts(); attempt++) {
            try {
                attemptOnce(url, target, expected);
                return null;
            } catch (ChecksumMismatchException e) {
                return new Attempted(e, "other content: SHA-256 of the decompressed content is " + e.actual()
                        + ", expected " + e.expected(), attempt);
            } catch (HttpStatusException e) {
                if (!e.retryable()) {
                    return new Attempted(e, cause(e, url), attempt);
                }
                last = e;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                if (e instanceof TooLargeException) {
                    return new Attempted(e, cause(e, url), attempt);
                }
                last = e;
            }
            if (attempt < config.attempts()) {
                long pause = config.backoff().toMillis() << (attempt - 1);
                LOG.warn("download of {} failed (attempt {}/{}): {}; retrying in {} ms", url, attempt,
                        config.attempts(), cause(last, url), pause);
                sleep(pause);
            }
        }
        return new Attempted(last, cause(last, url), config.attempts());
    }

    private void attemptOnce(URI url, Path target, DatasetFile expected) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(config.requestTimeout()).GET().build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + url);
        }
        int status = response.statusCode();
        if (status != 200) {
            response.body().close();
            throw new HttpStatusException(url, status);
        }
        long length = response.headers().firstValueAsLong("content-length").orElse(-1L);
        long max = maxBody(expected);
        if (length > max) {
            response.body().close();
            throw new TooLargeException("the server announces " + length + " bytes, at most " + max
                    + " expected for " + target.getFileName() + " (" + expected.size() + " bytes of content)");
        }
        LOG.info("downloading {} ({}) to {}", url, length >= 0 ? length + " bytes" : "size unknown", target);
        AtomicFiles.writeVia(target, tmp -> {
            copyBody(response.body(), tmp, url, length, expected.name(), max);
            verify(tmp, target.getFileName().toString(), url, expected);
        });
    }

    /**
     * The longest body a file with {@code expected.size()} bytes of content can come in: gzip adds at
     * most 5 bytes per 16 KiB stored block plus header and trailer (generously: 1% + 64 KiB).
     */
    static long maxBody(DatasetFile expected) {
        return expected.size() < 0 ? Long.MAX_VALUE : expected.size() + expected.size() / 100 + 65_536;
    }

    private void copyBody(InputStream body, Path tmp, URI url, long length, String name, long max) throws IOException {
        AtomicBoolean stalled = new AtomicBoolean();
        long[] lastRead = {System.nanoTime()};
        long readTimeoutNanos = config.readTimeout().toNanos();
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "download-watchdog");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(10, config.readTimeout().toMillis() / 4);
        ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
            long last;
            synchronized (lastRead) {
                last = lastRead[0];
            }
            if (System.nanoTime() - last > readTimeoutNanos && stalled.compareAndSet(false, true)) {
                try {
                    body.close();
                } catch (IOException ignored) {
                    // the reader sees the failure
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        long total = 0;
        try (InputStream in = body; OutputStream out = Files.newOutputStream(tmp);
             Progress progress = Progress.start("download " + name, Math.max(0, length))) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) != -1) {
                out.write(buf, 0, n);
                total += n;
                if (total > max) {
                    throw new TooLargeException("the body exceeds " + max + " bytes, more than " + name
                            + " can take");
                }
                progress.step(n);
                synchronized (lastRead) {
                    lastRead[0] = System.nanoTime();
                }
            }
        } catch (TooLargeException e) {
            throw e;
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException("transfer stalled: no data for " + config.readTimeout().toMillis()
                        + " ms after " + total + " bytes", e);
            }
            throw new IOException("transfer broke after " + total + " bytes"
                    + (length >= 0 ? " of " + length : "") + ": " + cause(e, url), e);
        } finally {
            check.cancel(false);
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            throw new IOException("transfer stalled: no data for " + config.readTimeout().toMillis()
                    + " ms after " + total + " bytes");
        }
        if (length >= 0 && total != length) {
            throw new IOException("transfer ended after " + total + " of " + length + " bytes");
        }
    }

    private static void verify(Path tmp, String file, URI url, DatasetFile expected) throws IOException {
        Checksums.Digest d;
        try {
            d = Checksums.ofDecompressed(tmp);
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException("the content is not a valid gzip file: " + describe(e, url), e);
        }
        boolean sizeOk = expected.size() < 0 || expected.size() == d.size();
        boolean shaOk = expected.sha256() == null || expected.sha256().equals(d.sha256());
        if (!sizeOk || !shaOk) {
            throw new ChecksumMismatchException(file, url.toString(),
                    expected.sha256() == null ? "(any)" : expected.sha256(), d.sha256(),
                    "decompressed size " + d.size() + (expected.size() < 0 ? "" : ", expected " + expected.size())
                            + "; the file was not kept");
        }
        LOG.info("verified {}: SHA-256 {} ({} bytes decompressed)", file, d.sha256(), d.size());
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a download");
        }
    }

    /**
     * One line saying what went wrong, from anywhere in the cause chain (java.net.http often throws
     * a ConnectException whose message is null and whose cause says why): unknown host, connection
     * refused, timeouts (with the configured limit), TLS, HTTP status with its reason; otherwise the
     * first message found, or the exception's class name. Never "null".
     */
    private String cause(Throwable e, URI url) {
        return describe(e, url, config);
    }

    /** {@link #cause} with the default timeouts in the text. */
    static String describe(Throwable e, URI url) {
        return describe(e, url, DownloadConfig.DEFAULT);
    }

    private static String describe(Throwable e, URI url, DownloadConfig config) {
        if (e == null) {
            return "unknown error";
        }
        String host = url == null || url.getHost() == null ? "the host" : url.getHost();
        int port = url == null ? -1 : url.getPort() >= 0 ? url.getPort()
                : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpStatusException h) {
                return h.getMessage();
            }
            if (t instanceof TooLargeException) {
                return t.getMessage();
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host " + host + " (DNS lookup failed: check the name, the network or the proxy)";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection within " + config.connectTimeout().toMillis() + " ms (connect timeout)";
            }
            if (t instanceof HttpTimeoutException) {
                return "no response within " + config.requestTimeout().toMillis() + " ms (request timeout)";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to " + host + ":" + port;
            }
            if (t instanceof javax.net.ssl.SSLHandshakeException) {
                return "TLS handshake failed: " + messageOr(t, "no detail");
            }
            if (t instanceof javax.net.ssl.SSLException) {
                return "TLS failure: " + messageOr(t, "no detail");
            }
        }
        boolean connect = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                connect = true;
                String m = t.getMessage();
                if (m != null && !m.isBlank()) {
                    return m.toLowerCase(java.util.Locale.ROOT).contains("refused")
                            ? "connection refused by " + host + ":" + port
                            : "cannot connect to " + host + ":" + port + ": " + m;
                }
            }
        }
        if (connect) {
            // java.net.http reports a refused connection as ConnectException(null) <- ConnectException(null)
            // <- ClosedChannelException: no word says "refused", but nothing else ends a connect this way
            // (unknown hosts and timeouts were recognised above)
            return "connection refused by " + host + ":" + port;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && !m.equals("null")) {
                return m;
            }
        }
        return e.getClass().getSimpleName();
    }

    private static String messageOr(Throwable t, String fallback) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? fallback : m;
    }

    /** The reason phrases of the statuses a mirror is likely to answer. */
    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(408, "Request Timeout"), Map.entry(410, "Gone"), Map.entry(429, "Too Many Requests"),
            Map.entry(500, "Internal Server Error"), Map.entry(502, "Bad Gateway"),
            Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    /** The body is longer than the expected file can be: not retried. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    /** A non-200 HTTP answer. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HttpStatusException(URI url, int status) {
            super("HTTP " + status + (REASONS.containsKey(status) ? " " + REASONS.get(status) : ""));
            this.status = status;
        }

        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }
    }
}
