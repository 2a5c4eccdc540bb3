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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * @throws IOException               when every attempt failed; the message names the URL, the
     *                                   number of attempts and the last error
     */
    public void download(URI url, Path target, DatasetFile expected) throws IOException {
        IOException last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            try {
                attemptOnce(url, target, expected);
                return;
            } catch (ChecksumMismatchException e) {
                throw e;
            } catch (HttpStatusException e) {
                if (!e.retryable()) {
                    throw e;
                }
                last = e;
            } catch (InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                last = e;
            }
            if (attempt < config.attempts()) {
                long pause = config.backoff().toMillis() << (attempt - 1);
                LOG.warn("download of {} failed (attempt {}/{}): {}; retrying in {} ms", url, attempt,
                        config.attempts(), last.getMessage(), pause);
                sleep(pause);
            }
        }
        throw new IOException("download of " + url + " failed after " + config.attempts() + " attempt"
                + (config.attempts() == 1 ? "" : "s") + "; last error: " + describe(last), last);
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
        LOG.info("downloading {} ({}) to {}", url, length >= 0 ? length + " bytes" : "size unknown", target);
        AtomicFiles.writeVia(target, tmp -> {
            copyBody(response.body(), tmp, url, length, expected.name());
            verify(tmp, url, expected);
        });
    }

    private void copyBody(InputStream body, Path tmp, URI url, long length, String name) throws IOException {
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
                progress.step(n);
                synchronized (lastRead) {
                    lastRead[0] = System.nanoTime();
                }
            }
        } catch (IOException e) {
            if (stalled.get()) {
                throw new IOException("transfer from " + url + " stalled: no data for " + config.readTimeout().toMillis()
                        + " ms after " + total + " bytes", e);
            }
            throw new IOException("transfer from " + url + " broke after " + total + " bytes"
                    + (length >= 0 ? " of " + length : "") + ": " + describe(e), e);
        } finally {
            check.cancel(false);
            watchdog.shutdownNow();
        }
        if (stalled.get()) {
            throw new IOException("transfer from " + url + " stalled: no data for " + config.readTimeout().toMillis()
                    + " ms after " + total + " bytes");
        }
        if (length >= 0 && total != length) {
            throw new IOException("transfer from " + url + " ended after " + total + " of " + length + " bytes");
        }
    }

    private static void verify(Path tmp, URI url, DatasetFile expected) throws IOException {
        Checksums.Digest d;
        try {
            d = Checksums.ofDecompressed(tmp);
        } catch (ZipException | java.io.EOFException e) {
            throw new IOException("content from " + url + " is not a valid gzip file: " + describe(e), e);
        }
        boolean sizeOk = expected.size() < 0 || expected.size() == d.size();
        boolean shaOk = expected.sha256() == null || expected.sha256().equals(d.sha256());
        if (!sizeOk || !shaOk) {
            throw new ChecksumMismatchException(expected.gzName(), url.toString(),
                    expected.sha256() == null ? "(any)" : expected.sha256(), d.sha256(),
                    "decompressed size " + d.size() + (expected.size() < 0 ? "" : ", expected " + expected.size())
                            + "; the file was not kept");
        }
        LOG.info("verified {}: SHA-256 {} ({} bytes decompressed)", expected.gzName(), d.sha256(), d.size());
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry a download");
        }
    }

    private static String describe(Throwable e) {
        if (e == null) {
            return "unknown";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** A non-200 HTTP answer. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HttpStatusException(URI url, int status) {
            super("HTTP " + status + " from " + url);
            this.status = status;
        }

        boolean retryable() {
            return status >= 500 || status == 408 || status == 429;
        }
    }
}
