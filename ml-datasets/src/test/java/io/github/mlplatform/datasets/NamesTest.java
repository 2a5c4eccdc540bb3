package io.github.mlplatform.datasets;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.github.mlplatform.datasets.download.ChecksumMismatchException;
import io.github.mlplatform.datasets.download.DownloadConfig;
import io.github.mlplatform.datasets.text.CharVocabulary;
import io.github.mlplatform.datasets.text.Words;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The names word list: found like the image sets, checked against its catalog SHA-256 wherever it is
 * found, downloaded from a local HTTP server started here (nothing touches the network). Tests on
 * the real names.txt need ML_DATA_DIR; the others use a tiny list with a catalog entry of their own.
 */
class NamesTest {

    private static final String NAMES_SHA = "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d";
    private static final DownloadConfig FAST = new DownloadConfig(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(5), 1, Duration.ofMillis(10));

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();

    private static final byte[] TINY = "emma\nolivia\nava\n".getBytes(StandardCharsets.US_ASCII);
    private static final WordsSpec TINY_SPEC = new WordsSpec("tiny", "Tiny names",
            new DatasetFile("tiny.txt", TestData.sha256(TINY), TINY.length), "abcdefghijklmnopqrstuvwxyz",
            List.of(URI.create("http://127.0.0.1:9/nothing/")));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /** Serves {@code body} at {@code path}, counting the requests. */
    private void serve(String path, Supplier<byte[]> body) {
        hits.put(path, new AtomicInteger());
        server.createContext(path, ex -> {
            hits.get(path).incrementAndGet();
            byte[] b = body.get();
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** A loader that sees only what the test sets up: no environment, private cache and system dirs, no download. */
    private WordsDataset.Builder isolated(WordsSpec spec) {
        return WordsDataset.builder(spec).environment(Map.of()).cacheDir(tmp.resolve("cacheroot"))
                .systemDir(tmp.resolve("system")).download(false);
    }

    private static Path realNames() {
        return Path.of(System.getenv("ML_DATA_DIR"), "names", "names.txt");
    }

    /** The real names.txt with one letter changed (still a-z, same length): only the digest can tell. */
    private static byte[] corruptedNames() throws IOException {
        byte[] b = Files.readAllBytes(realNames());
        assertThat(new String(b, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("emma\n");
        b[3] = 'o'; // emma -> emmo
        return b;
    }

    // ---------------------------------------------------------------- the real names.txt (ML_DATA_DIR)

    @Test
    @EnabledIfEnvironmentVariable(named = "ML_DATA_DIR", matches = ".+")
    void foundViaMlDataDirWithProvenanceAndVerified() throws IOException {
        String env = System.getenv("ML_DATA_DIR");
        List<String> logs = logsOf(() -> {
            Words names = Names.builder().environment(Map.of("ML_DATA_DIR", env)).cacheDir(tmp.resolve("c"))
                    .systemDir(tmp.resolve("s")).download(false).verifyChecksums(true).build().load();
            assertThat(names.size()).isEqualTo(32_033);
            assertThat(names.words()).startsWith("emma", "olivia", "ava").endsWith("zzyzx");
            assertThat(CharVocabulary.of(names.words()).toString()).isEqualTo(".abcdefghijklmnopqrstuvwxyz");
            assertThat(names.dataSource().kind()).isEqualTo(DataSource.Kind.ENV_DIR);
            assertThat(names.dataSource().location()).isEqualTo(realNames().toString());
            assertThat(names.source()).isEqualTo(realNames() + " ($ML_DATA_DIR)");
            // the makemore split still works on what the loader returns
            assertThat(names.split(42).train()).hasSize(25_626).startsWith("yuheng", "diondre", "xavien");
        });
        assertThat(logs).contains("verified SHA-256 of " + realNames() + ": " + NAMES_SHA);
    }

    @Test
    void theCatalogEntryIsMakemoresNamesTxt() {
        assertThat(Names.SPEC).isSameAs(DatasetCatalog.NAMES);
        assertThat(Names.SPEC.name()).isEqualTo("names");
        assertThat(Names.SPEC.file()).isEqualTo(new DatasetFile("names.txt", NAMES_SHA, 228_145L));
        assertThat(Names.SPEC.alphabet()).isEqualTo("abcdefghijklmnopqrstuvwxyz");
        assertThat(Names.builder().build().mirrors()).extracting(URI::toString)
                .containsExactly("https://raw.githubusercontent.com/karpathy/makemore/master/");
        assertThat(Names.SPEC.mirrorProperty()).isEqualTo("ml.datasets.mirror.names");
        assertThat(Names.builder().environment(Map.of("ML_CACHE_DIR", "/c")).build().cacheDir())
                .isEqualTo(Path.of("/c/datasets/names"));
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ML_DATA_DIR", matches = ".+")
    void aCorruptedCopyIsRejectedWhereverItIsFound() throws IOException {
        byte[] bad = corruptedNames();
        String badSha = TestData.sha256(bad);
        Path cacheRoot = tmp.resolve("cacheroot");
        record Where(String name, Path file, WordsDataset.Builder builder, String fix) {
        }
        List<Where> places = List.of(
                new Where("explicit", tmp.resolve("explicit/names/names.txt"),
                        Names.builder().dataDir(tmp.resolve("explicit")).environment(Map.of()),
                        "replace it with the original file, or pass another --data-dir (dataDir)"),
                new Where("env", tmp.resolve("env/names/names.txt"),
                        Names.builder().environment(Map.of("ML_DATA_DIR", tmp.resolve("env").toString())),
                        "replace it with the original file, or point ML_DATA_DIR elsewhere (or pass --data-dir DIR)"),
                new Where("cache", cacheRoot.resolve("datasets/names/names.txt"), Names.builder().environment(Map.of()),
                        "delete it and run again to download it anew"),
                new Where("system", tmp.resolve("sys/names/names.txt"), Names.builder().environment(Map.of()),
                        "reinstall the package that installed it, or pass --data-dir DIR"));
        for (Where w : places) {
            TestData.write(w.file(), bad);
            assertThatThrownBy(() -> w.builder().cacheDir(cacheRoot).systemDir(tmp.resolve("sys")).download(false)
                    .build().load())
                    .as(w.name())
                    .isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageStartingWith("checksum mismatch for " + w.file() + ": SHA-256 of the decompressed content is "
                            + badSha + ", expected " + NAMES_SHA)
                    .hasMessageContaining("the file is damaged or not the makemore names list: " + w.fix())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            Files.delete(w.file());
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "ML_DATA_DIR", matches = ".+")
    void downloadedFromAMirrorIntoTheCacheWithTheChecksumChecked() throws IOException {
        byte[] real = Files.readAllBytes(realNames());
        byte[] bad = corruptedNames();
        serve("/makemore/names.txt", () -> real);
        serve("/bad/names.txt", () -> bad);
        Path cacheRoot = tmp.resolve("cacheroot");
        Path cached = cacheRoot.resolve("datasets/names/names.txt");

        // a mirror serving another content is refused, nothing is kept, and the message says why
        assertThatThrownBy(() -> Names.builder().environment(Map.of()).cacheDir(cacheRoot)
                .systemDir(tmp.resolve("sys")).download(true).downloadConfig(FAST).mirrors(url("/bad/")).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("download into " + cached.getParent() + ": failed: names.txt could not be "
                        + "downloaded from its mirror: (1) " + url("/bad/names.txt") + ": other content: SHA-256 of the "
                        + "decompressed content is " + TestData.sha256(bad) + ", expected " + NAMES_SHA);
        assertThat(cached).doesNotExist();

        // the bad mirror first, then the good one
        WordsDataset loader = Names.builder().environment(Map.of()).cacheDir(cacheRoot).systemDir(tmp.resolve("sys"))
                .download(true).downloadConfig(FAST).mirrors(url("/bad/"), url("/makemore/")).build();
        Words names = loader.load();
        assertThat(names.size()).isEqualTo(32_033);
        assertThat(names.dataSource().kind()).isEqualTo(DataSource.Kind.DOWNLOAD);
        assertThat(names.dataSource().location()).isEqualTo(cached.toString());
        assertThat(names.source()).isEqualTo(cached + " (downloaded from " + url("/makemore/names.txt") + ")");
        assertThat(cached).hasBinaryContent(real);
        assertThat(Files.readString(cacheRoot.resolve("datasets").resolve(VerifiedFiles.FILE_NAME)))
                .contains(cached.toRealPath().toString() + "=" + NAMES_SHA);

        // the next load finds it in the cache, without downloading or hashing it again
        List<String> logs = logsOf(() -> {
            Words again = loader.load();
            assertThat(again.dataSource().kind()).isEqualTo(DataSource.Kind.CACHE);
            assertThat(again.words()).isEqualTo(names.words());
        });
        assertThat(logs).noneMatch(m -> m.startsWith("verified SHA-256"));
        assertThat(hits.get("/makemore/names.txt").get()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- a tiny list of the test's own

    @Test
    void aTinyListIsDownloadedIntoTheCacheAndCheckedAsItIsServed() throws IOException {
        serve("/plain/tiny.txt", () -> TINY);
        serve("/gz/tiny.txt", () -> TestData.gzip(TINY)); // a mirror may serve it compressed
        for (String mirror : List.of("/plain/", "/gz/")) {
            Path cacheRoot = tmp.resolve("cache" + mirror.replace("/", ""));
            Words w = isolated(TINY_SPEC).cacheDir(cacheRoot).download(true).downloadConfig(FAST).mirrors(url(mirror))
                    .build().load();
            assertThat(w.words()).as(mirror).containsExactly("emma", "olivia", "ava");
            assertThat(w.dataSource().kind()).isEqualTo(DataSource.Kind.DOWNLOAD);
            assertThat(cacheRoot.resolve("datasets/tiny/tiny.txt")).exists();
            // read back from the cache, hashed again: the content, not the gzip bytes, has the digest
            Words again = isolated(TINY_SPEC).cacheDir(cacheRoot).verifyChecksums(true).build().load();
            assertThat(again.words()).containsExactly("emma", "olivia", "ava");
            assertThat(again.dataSource().kind()).isEqualTo(DataSource.Kind.CACHE);
        }
    }

    @Test
    void aChangedLetterFailsTheChecksumEvenWithAGoodCopyLaterInTheOrder() {
        Path file = TestData.write(tmp.resolve("env/tiny/tiny.txt"), "emma\nolivia\navb\n".getBytes(StandardCharsets.US_ASCII));
        TestData.write(tmp.resolve("system/tiny/tiny.txt"), TINY); // a good copy later in the order is not used
        assertThatThrownBy(() -> isolated(TINY_SPEC).environment(Map.of("ML_DATA_DIR", tmp.resolve("env").toString()))
                .build().load())
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("expected " + TINY_SPEC.file().sha256())
                .hasMessageContaining("point ML_DATA_DIR elsewhere");
        // a character outside the alphabet is caught by the digest first (with how to fix it)
        TestData.write(file, "emma\nzoë\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> isolated(TINY_SPEC).environment(Map.of("ML_DATA_DIR", tmp.resolve("env").toString()))
                .build().load())
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining(file.toString());
    }

    @Test
    void withoutADigestALineOutsideTheAlphabetIsReportedWithItsNumber() {
        WordsSpec noDigest = new WordsSpec("tiny", "Tiny names", new DatasetFile("tiny.txt", null, -1),
                "abcdefghijklmnopqrstuvwxyz", List.of());
        Path file = TestData.write(tmp.resolve("data/tiny/tiny.txt"), "emma\n\nolivia\nzoë\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> isolated(noDigest).dataDir(tmp.resolve("data")).build().load())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": line 4 ('zoë'): character 'ë' is not allowed; expected one of "
                        + "\"abcdefghijklmnopqrstuvwxyz\"");
    }

    @Test
    void aFlatExplicitDirWithAnotherListOfThatNameIsSkippedAndReported() throws IOException {
        Path other = TestData.write(tmp.resolve("flat/tiny.txt"), "bob\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> isolated(TINY_SPEC).dataDir(tmp.resolve("flat")).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("data dir " + tmp.resolve("flat") + ": files there are not the Tiny names list "
                        + "(checksum mismatch for " + other);
        TestData.write(tmp.resolve("flat/tiny.txt"), TINY);
        Words w = isolated(TINY_SPEC).dataDir(tmp.resolve("flat")).build().load();
        assertThat(w.dataSource().kind()).isEqualTo(DataSource.Kind.EXPLICIT_DIR);
        assertThat(w.source()).isEqualTo(tmp.resolve("flat/tiny.txt") + " (data dir)");
    }

    @Test
    void aVerifiedListIsNotHashedAgainUntilItChanges() throws IOException {
        Path file = TestData.write(tmp.resolve("data/tiny/tiny.txt"), TINY);
        Supplier<Words> load = () -> {
            try {
                return isolated(TINY_SPEC).dataDir(tmp.resolve("data")).build().load();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThat(logsOf(load::get)).filteredOn(m -> m.startsWith("verified SHA-256")).hasSize(1);
        assertThat(logsOf(load::get)).filteredOn(m -> m.startsWith("verified SHA-256")).isEmpty();
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(file).toMillis() - 5000));
        assertThat(logsOf(load::get)).filteredOn(m -> m.startsWith("verified SHA-256")).hasSize(1);
    }

    @Test
    void aFileLongerThanTheCatalogSaysIsRefusedWithoutKeepingIt() {
        byte[] longer = new byte[TINY.length * 1000];
        for (int i = 0; i < longer.length; i++) {
            longer[i] = TINY[i % TINY.length];
        }
        Path file = TestData.write(tmp.resolve("data/tiny/tiny.txt"), TestData.gzip(longer));
        assertThatThrownBy(() -> isolated(TINY_SPEC).dataDir(tmp.resolve("data")).build().load())
                .isInstanceOf(ChecksumMismatchException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining(TestData.sha256(longer));
    }

    // ---------------------------------------------------------------- not found

    @Test
    void notFoundOfflineListsEveryPlaceLookedAt() {
        assertThatThrownBy(() -> Names.builder().environment(Map.of()).cacheDir(tmp.resolve("c"))
                .systemDir(tmp.resolve("s")).download(false).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .satisfies(e -> assertThat(((DatasetNotFoundException) e).lookedAt()).containsExactly(
                        "explicit data dir (dataDir(...) / --data-dir): not given",
                        "$ML_DATA_DIR: not set",
                        "user cache " + tmp.resolve("c/datasets/names") + ": no such directory",
                        "system dir " + tmp.resolve("s/names") + ": no such directory",
                        "download: disabled (download(false) or -Dml.datasets.download=false)"))
                .hasMessageStartingWith("makemore names not found. Looked at, in order:\n"
                        + "  1. explicit data dir (dataDir(...) / --data-dir): not given\n")
                .hasMessageContaining("To provide the file (names.txt):\n"
                        + "  - put it in DIR/names/ and set ML_DATA_DIR=DIR, or pass --data-dir DIR (dataDir(DIR))\n"
                        + "  - or allow a download from https://raw.githubusercontent.com/karpathy/makemore/master/ "
                        + "(needs network; mirrors: ml.datasets.mirror.names)");
    }

    @Test
    void notFoundWithAnUnreachableMirrorSaysWhyEachPlaceFailed() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(tmp.resolve("env/names"));
        int refused = port;
        assertThatThrownBy(() -> Names.builder().dataDir(tmp.resolve("data"))
                .environment(Map.of("ML_DATA_DIR", tmp.resolve("env").toString())).cacheDir(tmp.resolve("c"))
                .systemDir(tmp.resolve("s")).download(true).downloadConfig(FAST)
                .mirrors("http://127.0.0.1:" + refused + "/makemore/").build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .satisfies(e -> assertThat(((DatasetNotFoundException) e).lookedAt()).containsExactly(
                        "data dir " + tmp.resolve("data/names") + ": no such directory",
                        "data dir " + tmp.resolve("data") + ": no such directory",
                        "$ML_DATA_DIR " + tmp.resolve("env/names") + ": missing names.txt",
                        "user cache " + tmp.resolve("c/datasets/names") + ": no such directory",
                        "system dir " + tmp.resolve("s/names") + ": no such directory",
                        "download into " + tmp.resolve("c/datasets/names") + ": failed: names.txt could not be "
                                + "downloaded from its mirror: (1) http://127.0.0.1:" + refused
                                + "/makemore/names.txt: connection refused by 127.0.0.1:" + refused))
                .satisfies(e -> assertThat(e.getCause()).isNotNull());
    }

    // ---------------------------------------------------------------- helpers

    private interface Body {
        void run() throws IOException;
    }

    /** The messages WordsDataset logs while {@code body} runs. */
    private static List<String> logsOf(Body body) throws IOException {
        Logger logger = (Logger) LoggerFactory.getLogger(WordsDataset.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            body.run();
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
