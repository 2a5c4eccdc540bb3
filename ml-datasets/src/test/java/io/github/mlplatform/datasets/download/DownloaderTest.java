package io.github.mlplatform.datasets.download;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mlplatform.datasets.DataSource;
import io.github.mlplatform.datasets.DatasetFile;
import io.github.mlplatform.datasets.DatasetNotFoundException;
import io.github.mlplatform.datasets.DatasetSpec;
import io.github.mlplatform.datasets.IdxDataset;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads against a local HTTP server started here; nothing touches the network. */
class DownloaderTest {

    @TempDir
    Path tmp;

    private HttpServer server;
    private ExecutorService pool;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final TestData.Toy toy = new TestData.Toy();
    private final byte[] goodRaw = TestData.idx(new int[] {40, 8, 8}, TestData.codedPixels(40, 8, 8, 9));
    private final byte[] goodGz = TestData.gzip(goodRaw);

    /** Fast retries for tests. */
    private static final DownloadConfig FAST = new DownloadConfig(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(5), 3, Duration.ofMillis(20));

    private interface Handler {
        void handle(HttpExchange ex, int hit) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        route("/good/file.gz", (ex, n) -> send(ex, goodGz));
        route("/dropfirst/file.gz", (ex, n) -> {
            if (n == 1) {
                sendPartial(ex, goodGz, goodGz.length / 2);
            } else {
                send(ex, goodGz);
            }
        });
        route("/dropalways/file.gz", (ex, n) -> sendPartial(ex, goodGz, goodGz.length / 3));
        route("/missing/file.gz", (ex, n) -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        route("/stall/file.gz", (ex, n) -> {
            ex.sendResponseHeaders(200, goodGz.length);
            OutputStream out = ex.getResponseBody();
            out.write(goodGz, 0, goodGz.length / 2);
            out.flush();
            sleep(3000);
            ex.getResponseBody().close();
        });
        route("/slow/file.gz", (ex, n) -> {
            sleep(3000); // headers only after 3 s
            send(ex, goodGz);
        });
        route("/huge/file.gz", (ex, n) -> {
            ex.sendResponseHeaders(200, 50_000_000_000L); // announces 50 GB
            ex.close();
        });
        for (String dir : new String[] {"toy", "toybad"}) {
            route("/" + dir + "/train-images-idx3-ubyte.gz", (ex, n) -> send(ex,
                    TestData.gzip(dir.equals("toy") ? toy.trainImages
                            : TestData.idx(new int[] {6, 4, 4}, TestData.codedPixels(6, 4, 4, 77)))));
            route("/" + dir + "/train-labels-idx1-ubyte.gz", (ex, n) -> send(ex, TestData.gzip(toy.trainLabels)));
        }
        pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow(); // interrupts the stalling handler
    }

    private void route(String path, Handler h) {
        hits.put(path, new AtomicInteger());
        server.createContext(path, ex -> {
            try {
                h.handle(ex, hits.get(path).incrementAndGet());
            } catch (IOException e) {
                ex.close();
            }
        });
    }

    private static void send(HttpExchange ex, byte[] body) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Announces the full length, sends only {@code n} bytes, then drops the connection. */
    private static void sendPartial(HttpExchange ex, byte[] body, int n) throws IOException {
        ex.sendResponseHeaders(200, body.length);
        OutputStream out = ex.getResponseBody();
        out.write(body, 0, n);
        out.flush();
        ex.close(); // fewer bytes than announced: the server closes the connection
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private DatasetFile expectGood() {
        return new DatasetFile("file", TestData.sha256(goodRaw), goodRaw.length);
    }

    private static long filesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void goodFileIsDownloadedAndVerified() throws IOException {
        Path target = tmp.resolve("cache/file.gz");
        new Downloader(FAST).download(url("/good/file.gz"), target, expectGood());
        assertThat(Files.readAllBytes(target)).isEqualTo(goodGz);
        assertThat(filesIn(tmp.resolve("cache"))).isEqualTo(1);
        assertThat(hits.get("/good/file.gz").get()).isEqualTo(1);
    }

    @Test
    void badChecksumFailsWithoutRetryAndLeavesNothing() throws IOException {
        byte[] otherRaw = TestData.idx(new int[] {2}, new byte[] {1, 2});
        String expected = TestData.sha256(otherRaw);
        String actual = TestData.sha256(goodRaw);
        Path target = tmp.resolve("cache/file.gz");
        assertThatThrownBy(() -> new Downloader(FAST).download(url("/good/file.gz"), target,
                new DatasetFile("file", expected, -1)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("file.gz").hasMessageContaining(expected).hasMessageContaining(actual)
                .satisfies(e -> {
                    assertThat(((ChecksumMismatchException) e).expected()).isEqualTo(expected);
                    assertThat(((ChecksumMismatchException) e).actual()).isEqualTo(actual);
                });
        assertThat(filesIn(tmp.resolve("cache"))).isZero();
        assertThat(hits.get("/good/file.gz").get()).isEqualTo(1);
    }

    @Test
    void wrongSizeIsAMismatchToo() throws IOException {
        Path target = tmp.resolve("cache/file.gz");
        assertThatThrownBy(() -> new Downloader(FAST).download(url("/good/file.gz"), target,
                new DatasetFile("file", null, goodRaw.length + 1)))
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining("decompressed size " + goodRaw.length + ", expected " + (goodRaw.length + 1));
        assertThat(filesIn(tmp.resolve("cache"))).isZero();
    }

    @Test
    void droppedConnectionIsRetried() throws IOException {
        Path target = tmp.resolve("cache/file.gz");
        new Downloader(FAST).download(url("/dropfirst/file.gz"), target, expectGood());
        assertThat(hits.get("/dropfirst/file.gz").get()).isEqualTo(2);
        assertThat(Files.readAllBytes(target)).isEqualTo(goodGz);
        assertThat(filesIn(tmp.resolve("cache"))).isEqualTo(1);
    }

    @Test
    void alwaysDroppingFailsAfterAllAttempts() throws IOException {
        Path target = tmp.resolve("cache/file.gz");
        assertThatThrownBy(() -> new Downloader(FAST).download(url("/dropalways/file.gz"), target, expectGood()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(url("/dropalways/file.gz").toString())
                .hasMessageContaining("failed after 3 attempts");
        assertThat(hits.get("/dropalways/file.gz").get()).isEqualTo(3);
        assertThat(filesIn(tmp.resolve("cache"))).isZero();
    }

    @Test
    void notFoundIsNotRetried() throws IOException {
        assertThatThrownBy(() -> new Downloader(FAST).download(url("/missing/file.gz"), tmp.resolve("c/f.gz"), expectGood()))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 404");
        assertThat(hits.get("/missing/file.gz").get()).isEqualTo(1);
        assertThat(filesIn(tmp.resolve("c"))).isZero();
    }

    @Test
    void stalledTransferIsAbortedByTheReadTimeout() throws IOException {
        DownloadConfig cfg = FAST.withAttempts(1).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> new Downloader(cfg).download(url("/stall/file.gz"), tmp.resolve("c/f.gz"), expectGood()))
                .isInstanceOf(IOException.class).hasMessageContaining("stalled");
        // aborted by the 300 ms read timeout, well before the server's 3 s pause ends
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2.5);
        assertThat(filesIn(tmp.resolve("c"))).isZero();
    }

    /** A port on 127.0.0.1 where nothing listens: connecting is refused. */
    private static int refusedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Runs {@code r} and returns what Downloader and IdxDataset logged meanwhile. */
    private static List<String> logsOf(ThrowingRunnable r) {
        List<Logger> loggers = List.of((Logger) LoggerFactory.getLogger(Downloader.class),
                (Logger) LoggerFactory.getLogger(IdxDataset.class));
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        loggers.forEach(l -> l.addAppender(appender));
        try {
            r.run();
        } catch (Throwable ignored) {
            // the caller checks the exception separately
        } finally {
            loggers.forEach(l -> l.detachAppender(appender));
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @Test
    void aRefusedConnectionIsNamedNeverNull() throws IOException {
        URI u = URI.create("http://127.0.0.1:" + refusedPort() + "/m/file.gz");
        assertThatThrownBy(() -> new Downloader(FAST).download(u, tmp.resolve("c/f.gz"), expectGood()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(u.toString())
                .hasMessageContaining("connection refused by 127.0.0.1:" + u.getPort())
                .hasMessageContaining("3 attempts")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null").doesNotContain("\n"));
        List<String> logs = logsOf(() -> new Downloader(FAST).download(u, tmp.resolve("c/f.gz"), expectGood()));
        assertThat(logs).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain("null"));
        assertThat(logs).anySatisfy(m -> assertThat(m).contains("connection refused"));
        assertThat(filesIn(tmp.resolve("c"))).isZero();
    }

    @Test
    void anHttpErrorNamesTheStatus() {
        assertThatThrownBy(() -> new Downloader(FAST).download(url("/missing/file.gz"), tmp.resolve("c/f.gz"), expectGood()))
                .hasMessageContaining("HTTP 404 Not Found").hasMessageContaining(url("/missing/file.gz").toString());
    }

    @Test
    void noAnswerInTimeNamesTheTimeout() {
        DownloadConfig cfg = FAST.withAttempts(1).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> new Downloader(cfg).download(url("/slow/file.gz"), tmp.resolve("c/f.gz"), expectGood()))
                .hasMessageContaining("no response within 300 ms");
    }

    @Test
    void causesAreDescribedWhateverTheExceptionChain() {
        // as java.net.http reports them: the interesting part is in the cause, the message is often null
        URI u = URI.create("https://no-such-host.invalid/mnist/file.gz");
        assertThat(Downloader.describe(new ConnectException(null) {{ initCause(new UnresolvedAddressException()); }}, u))
                .isEqualTo("unknown host no-such-host.invalid (DNS lookup failed: check the name, the network or the proxy)");
        assertThat(Downloader.describe(new IOException(new UnknownHostException("no-such-host.invalid")), u))
                .startsWith("unknown host no-such-host.invalid");
        assertThat(Downloader.describe(new ConnectException(null) {{ initCause(new ConnectException("Connection refused")); }}, u))
                .isEqualTo("connection refused by no-such-host.invalid:443");
        assertThat(Downloader.describe(new HttpConnectTimeoutException("HTTP connect timed out"), u))
                .isEqualTo("no connection within 10000 ms (connect timeout)");
        assertThat(Downloader.describe(new HttpTimeoutException("request timed out"), u))
                .isEqualTo("no response within 60000 ms (request timeout)");
        assertThat(Downloader.describe(new java.net.SocketException(), u)).isEqualTo("SocketException");
        assertThat(Downloader.describe(new javax.net.ssl.SSLHandshakeException("PKIX path building failed"), u))
                .isEqualTo("TLS handshake failed: PKIX path building failed");
        assertThat(Downloader.describe(null, u)).isEqualTo("unknown error");
    }

    @Test
    void theNextMirrorIsTriedAndEveryMirrorsCauseIsListed() throws IOException {
        Path target = tmp.resolve("cache/file.gz");
        new Downloader(FAST).download(List.of(url("/missing/file.gz"), url("/good/file.gz")), target, expectGood());
        assertThat(Files.readAllBytes(target)).isEqualTo(goodGz);
        assertThat(hits.get("/missing/file.gz").get()).isEqualTo(1);
        assertThat(hits.get("/good/file.gz").get()).isEqualTo(1);

        URI refused = URI.create("http://127.0.0.1:" + refusedPort() + "/m/file.gz");
        Path other = tmp.resolve("other/file.gz");
        assertThatThrownBy(() -> new Downloader(FAST).download(List.of(url("/missing/file.gz"), refused,
                url("/dropalways/file.gz")), other, expectGood()))
                .isInstanceOf(DownloadFailedException.class)
                .hasMessageContaining("file.gz could not be downloaded from any of 3 mirrors")
                .hasMessageContaining(url("/missing/file.gz") + ": HTTP 404 Not Found")
                .hasMessageContaining(refused + ": connection refused by 127.0.0.1:" + refused.getPort() + " (3 attempts)")
                .hasMessageContaining(url("/dropalways/file.gz") + ": transfer")
                .satisfies(e -> {
                    assertThat(((DownloadFailedException) e).failures()).hasSize(3);
                    assertThat(e.getMessage()).doesNotContain("null").doesNotContain("\n");
                });
        assertThat(filesIn(tmp.resolve("other"))).isZero();
    }

    @Test
    void aBodyLargerThanTheFileCanBeIsRefusedAtOnce() {
        assertThatThrownBy(() -> new Downloader(FAST).download(url("/huge/file.gz"), tmp.resolve("c/f.gz"), expectGood()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("announces 50000000000 bytes")
                .hasMessageContaining("at most");
        assertThat(hits.get("/huge/file.gz").get()).isEqualTo(1);
    }

    @Test
    void loaderUsesTheSecondMirrorAndListsEveryMirrorWhenAllFail() throws IOException {
        LabeledImages d = toyLoader(toySpec()).mirrors(url("/nothing/").toString(), url("/toy/").toString()).build().load();
        assertThat(d.source().kind()).isEqualTo(DataSource.Kind.DOWNLOAD);
        assertThat(d.source().description()).contains(url("/toy/").toString());

        int port = refusedPort();
        assertThatThrownBy(() -> toyLoader(toySpec()).cacheDir(tmp.resolve("c2"))
                .mirrors(url("/nothing/").toString(), "http://127.0.0.1:" + port + "/mnist/").build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(url("/nothing/train-images-idx3-ubyte.gz") + ": HTTP 404 Not Found")
                .hasMessageContaining("http://127.0.0.1:" + port + "/mnist/train-images-idx3-ubyte.gz: connection refused")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("null"));
        // a mirror serving other bytes is skipped too
        LabeledImages viaBad = toyLoader(toySpec()).cacheDir(tmp.resolve("c3"))
                .mirrors(url("/toybad/").toString(), url("/toy/").toString()).build().load();
        assertThat(viaBad.size()).isEqualTo(6);
    }

    @Test
    void mnistHasTwoMirrors() {
        assertThat(io.github.mlplatform.datasets.Mnist.SPEC.mirrors()).extracting(URI::toString).containsExactly(
                "https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/");
    }

    private DatasetSpec toySpec() {
        return toy.spec(List.of(url("/toy/")));
    }

    private IdxDataset.Builder toyLoader(DatasetSpec spec) {
        return IdxDataset.builder(spec).environment(Map.of()).cacheDir(tmp.resolve("cacheroot"))
                .systemDir(tmp.resolve("system")).download(true).downloadConfig(FAST);
    }

    @Test
    void loaderDownloadsIntoTheCacheOnceThenUsesIt() throws IOException {
        LabeledImages d = toyLoader(toySpec()).build().load();
        assertThat(d.source().kind()).isEqualTo(DataSource.Kind.DOWNLOAD);
        assertThat(d.size()).isEqualTo(6);
        assertThat(d.images().pixel(5, 3, 2)).isEqualTo(TestData.codedValue(5, 3, 2, 0));
        Path cache = tmp.resolve("cacheroot/datasets/toy");
        assertThat(cache.resolve("train-images-idx3-ubyte.gz")).exists();
        assertThat(cache.resolve("train-labels-idx1-ubyte.gz")).exists();
        assertThat(filesIn(cache)).isEqualTo(2);
        // what the downloader verified is remembered: later runs do not hash it again
        assertThat(Files.readString(tmp.resolve("cacheroot/datasets/verified-sha256.properties")))
                .contains(cache.resolve("train-images-idx3-ubyte.gz").toRealPath().toString());

        LabeledImages again = toyLoader(toySpec()).build().load();
        assertThat(again.source().kind()).isEqualTo(DataSource.Kind.CACHE);
        assertThat(hits.get("/toy/train-images-idx3-ubyte.gz").get()).isEqualTo(1);
    }

    @Test
    void loaderMirrorFromBuilderAndFromSystemProperty() throws IOException {
        DatasetSpec unreachable = toy.spec(List.of(URI.create("http://127.0.0.1:9/nothing/")));
        LabeledImages viaBuilder = toyLoader(unreachable).mirrors(url("/toy/").toString()).build().load();
        assertThat(viaBuilder.source().description()).contains(url("/toy/").toString());

        String prop = unreachable.mirrorProperty();
        assertThat(prop).isEqualTo("ml.datasets.mirror.toy");
        System.setProperty(prop, url("/toy").toString());
        try {
            IdxDataset ds = toyLoader(unreachable).cacheDir(tmp.resolve("other")).build();
            assertThat(ds.mirrors()).containsExactly(url("/toy/"));
            assertThat(ds.load().source().kind()).isEqualTo(DataSource.Kind.DOWNLOAD);
        } finally {
            System.clearProperty(prop);
        }
    }

    @Test
    void loaderReportsABadChecksumAndKeepsNothing() throws IOException {
        DatasetSpec spec = toy.spec(List.of(url("/toybad/")));
        String expected = TestData.sha256(toy.trainImages);
        String actual = TestData.sha256(TestData.idx(new int[] {6, 4, 4}, TestData.codedPixels(6, 4, 4, 77)));
        assertThatThrownBy(() -> toyLoader(spec).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageContaining(expected).hasMessageContaining(actual)
                .hasRootCauseInstanceOf(ChecksumMismatchException.class);
        assertThat(filesIn(tmp.resolve("cacheroot"))).isZero();
    }
}
