package io.github.mlplatform.datasets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.mlplatform.datasets.download.ChecksumMismatchException;
import io.github.mlplatform.datasets.idx.IdxFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetLookupTest {

    @TempDir
    Path tmp;

    private final TestData.Toy toy = new TestData.Toy();
    private final DatasetSpec spec = toy.spec(List.of());

    /** A builder that sees only what the test sets up: empty environment, private cache and system dirs. */
    private IdxDataset.Builder isolated(DatasetSpec s) {
        return IdxDataset.builder(s).environment(Map.of()).cacheDir(tmp.resolve("cache"))
                .systemDir(tmp.resolve("system")).download(false);
    }

    private static void assertIsToyTrain(LabeledImages d) {
        assertThat(d.size()).isEqualTo(TestData.Toy.TRAIN);
        for (int k = 0; k < d.size(); k++) {
            assertThat(d.label(k)).isEqualTo(k % 3);
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 4; c++) {
                    assertThat(d.images().pixel(k, r, c)).isEqualTo(TestData.codedValue(k, r, c, 0));
                }
            }
        }
    }

    @Test
    void explicitDirWithSubfolder() throws IOException {
        toy.writeGz(tmp.resolve("data/toy"));
        LabeledImages d = isolated(spec).dataDir(tmp.resolve("data")).build().load();
        assertIsToyTrain(d);
        assertThat(d.source().kind()).isEqualTo(DataSource.Kind.EXPLICIT_DIR);
        assertThat(d.source().location()).isEqualTo(tmp.resolve("data/toy").toString());
        LabeledImages test = isolated(spec).dataDir(tmp.resolve("data")).train(false).build().load();
        assertThat(test.size()).isEqualTo(2);
        assertThat(test.images().pixel(1, 2, 3)).isEqualTo(TestData.codedValue(1, 2, 3, 100));
    }

    @Test
    void explicitDirFlatAndUncompressed() throws IOException {
        toy.writeRaw(tmp.resolve("flat"));
        LabeledImages d = isolated(spec).dataDir(tmp.resolve("flat")).build().load();
        assertIsToyTrain(d);
        assertThat(d.source().location()).isEqualTo(tmp.resolve("flat").toString());
    }

    @Test
    void flatDirWithOtherDatasetsFilesIsSkippedByChecksum() {
        // same file names, other content (as MNIST vs Fashion-MNIST): the flat layout is verified and skipped
        TestData.write(tmp.resolve("flat/train-images-idx3-ubyte"),
                TestData.idx(new int[] {6, 4, 4}, TestData.codedPixels(6, 4, 4, 55)));
        TestData.write(tmp.resolve("flat/train-labels-idx1-ubyte"), toy.trainLabels);
        assertThatThrownBy(() -> isolated(spec).dataDir(tmp.resolve("flat")).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("files there are not Toy's")
                .hasMessageContaining(TestData.sha256(toy.trainImages));
    }

    @Test
    void lookupOrderExplicitThenEnvThenCacheThenSystem() throws IOException {
        Path explicit = tmp.resolve("explicit");
        Path env = tmp.resolve("env");
        Path cacheRoot = tmp.resolve("cacheroot");
        Path system = tmp.resolve("sys");
        toy.writeGz(explicit.resolve("toy"));
        toy.writeGz(env.resolve("toy"));
        toy.writeGz(cacheRoot.resolve("datasets/toy"));
        toy.writeGz(system.resolve("toy"));
        Map<String, String> vars = Map.of("ML_DATA_DIR", env.toString(), "ML_CACHE_DIR", cacheRoot.toString());

        IdxDataset.Builder b = IdxDataset.builder(spec).environment(vars).systemDir(system).download(false);
        assertThat(b.dataDir(explicit).build().load().source().kind()).isEqualTo(DataSource.Kind.EXPLICIT_DIR);
        b.dataDir(null);
        LabeledImages fromEnv = b.build().load();
        assertThat(fromEnv.source().kind()).isEqualTo(DataSource.Kind.ENV_DIR);
        assertThat(fromEnv.source().location()).isEqualTo(env.resolve("toy").toString());

        IdxDataset noEnv = IdxDataset.builder(spec).environment(Map.of("ML_CACHE_DIR", cacheRoot.toString()))
                .systemDir(system).download(false).build();
        assertThat(noEnv.cacheDir()).isEqualTo(cacheRoot.resolve("datasets").resolve("toy"));
        LabeledImages fromCache = noEnv.load();
        assertThat(fromCache.source().kind()).isEqualTo(DataSource.Kind.CACHE);
        assertThat(fromCache.source().location()).isEqualTo(cacheRoot.resolve("datasets/toy").toString());

        LabeledImages fromSystem = IdxDataset.builder(spec).environment(Map.of()).cacheDir(tmp.resolve("nocache"))
                .systemDir(system).download(false).build().load();
        assertThat(fromSystem.source().kind()).isEqualTo(DataSource.Kind.SYSTEM_DIR);
        assertIsToyTrain(fromSystem);
    }

    @Test
    void envFlatLayoutOnlyForDatasetsThatAllowIt() throws IOException {
        Path env = tmp.resolve("env");
        toy.writeGz(env);
        Map<String, String> vars = Map.of("ML_DATA_DIR", env.toString());
        LabeledImages d = isolated(spec).environment(vars).build().load();
        assertThat(d.source().location()).isEqualTo(env.toString());
        DatasetSpec noFlat = new DatasetSpec(spec.name(), spec.displayName(), 4, 4, spec.classNames(), spec.train(),
                spec.test(), List.of(), false, null, null);
        assertThatThrownBy(() -> isolated(noFlat).environment(vars).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("$ML_DATA_DIR " + env.resolve("toy") + ": no such directory");
    }

    @Test
    void cacheRootDefaultsFollowXdgThenHome() {
        assertThat(IdxDataset.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "/x/cache")))
                .isEqualTo(Path.of("/x/cache/ml-platform"));
        assertThat(IdxDataset.defaultCacheRoot(Map.of("ML_CACHE_DIR", "/c", "XDG_CACHE_HOME", "/x")))
                .isEqualTo(Path.of("/c"));
        assertThat(IdxDataset.defaultCacheRoot(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "ml-platform"));
        assertThat(Mnist.builder().environment(Map.of()).build().cacheDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "ml-platform", "datasets", "mnist"));
    }

    @Test
    void notFoundListsEveryPlaceAndHowToProvide() {
        assertThatThrownBy(() -> FashionMnist.builder().environment(Map.of("ML_DATA_DIR", tmp.resolve("d").toString()))
                .cacheDir(tmp.resolve("c")).systemDir(tmp.resolve("s")).download(false).train(false).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .satisfies(e -> assertThat(((DatasetNotFoundException) e).lookedAt()).hasSize(6))
                .hasMessageContaining("Fashion-MNIST test not found")
                .hasMessageContaining("explicit data dir (dataDir(...) / --data-dir): not given")
                .hasMessageContaining("$ML_DATA_DIR " + tmp.resolve("d/fashion-mnist") + ": no such directory")
                .hasMessageContaining("user cache " + tmp.resolve("c/datasets/fashion-mnist"))
                .hasMessageContaining("system dir " + tmp.resolve("s/fashion-mnist"))
                .hasMessageContaining("download: disabled")
                .hasMessageContaining("embedded sample: none")
                .hasMessageContaining("set ML_DATA_DIR=DIR, or pass --data-dir DIR")
                .hasMessageContaining("apt-get install dataset-fashion-mnist")
                .hasMessageContaining("t10k-images-idx3-ubyte.gz");
    }

    @Test
    void partialDirectoryIsReportedAndSkipped() throws IOException {
        TestData.write(tmp.resolve("data/toy/train-images-idx3-ubyte.gz"), TestData.gzip(toy.trainImages));
        toy.writeGz(tmp.resolve("system/toy"));
        LabeledImages d = isolated(spec).dataDir(tmp.resolve("data")).build().load();
        assertThat(d.source().kind()).isEqualTo(DataSource.Kind.SYSTEM_DIR);
        assertThatThrownBy(() -> isolated(spec).dataDir(tmp.resolve("data")).systemDir(tmp.resolve("none")).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining(tmp.resolve("data/toy") + ": missing train-labels-idx1-ubyte.gz");
    }

    @Test
    void limitKeepsTheFirstExamples() throws IOException {
        toy.writeGz(tmp.resolve("data/toy"));
        LabeledImages d = isolated(spec).dataDir(tmp.resolve("data")).limit(4).build().load();
        assertThat(d.size()).isEqualTo(4);
        assertThat(d.labels()).containsExactly(0, 1, 2, 0);
        assertThat(d.images().pixel(3, 3, 3)).isEqualTo(TestData.codedValue(3, 3, 3, 0));
        assertThatThrownBy(() -> isolated(spec).limit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void mismatchedImageAndLabelCountsFailNamingBothFiles() {
        DatasetSpec anyCount = new DatasetSpec("toy", "Toy", 4, 4, TestData.Toy.CLASSES,
                new DatasetSpec.Split(new DatasetFile("train-images-idx3-ubyte", null, -1),
                        new DatasetFile("train-labels-idx1-ubyte", null, -1), -1),
                spec.test(), List.of(), false, null, null);
        Path img = TestData.write(tmp.resolve("data/toy/train-images-idx3-ubyte.gz"), TestData.gzip(toy.trainImages));
        Path lbl = TestData.write(tmp.resolve("data/toy/train-labels-idx1-ubyte.gz"),
                TestData.gzip(TestData.idx(new int[] {5}, TestData.cyclicLabels(5, 3))));
        assertThatThrownBy(() -> isolated(anyCount).dataDir(tmp.resolve("data")).build().load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(img.toString()).hasMessageContaining(lbl.toString())
                .hasMessageContaining("image count 6 differs from label count 5");
    }

    @Test
    void labelOutOfRangeFails() {
        DatasetSpec anyCount = new DatasetSpec("toy", "Toy", 4, 4, TestData.Toy.CLASSES,
                new DatasetSpec.Split(new DatasetFile("train-images-idx3-ubyte", null, -1),
                        new DatasetFile("train-labels-idx1-ubyte", null, -1), -1),
                spec.test(), List.of(), false, null, null);
        TestData.write(tmp.resolve("data/toy/train-images-idx3-ubyte.gz"), TestData.gzip(toy.trainImages));
        Path lbl = TestData.write(tmp.resolve("data/toy/train-labels-idx1-ubyte.gz"),
                TestData.gzip(TestData.idx(new int[] {6}, new byte[] {0, 1, 2, 7, 0, 1})));
        assertThatThrownBy(() -> isolated(anyCount).dataDir(tmp.resolve("data")).build().load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(lbl.toString()).hasMessageContaining("label 7 at index 3 is outside 0..2");
    }

    @Test
    void wrongDimensionsForTheCatalogFail() {
        Path img = TestData.write(tmp.resolve("data/toy/train-images-idx3-ubyte.gz"),
                TestData.gzip(TestData.idx(new int[] {6, 5, 5}, new byte[150])));
        TestData.write(tmp.resolve("data/toy/train-labels-idx1-ubyte.gz"), TestData.gzip(toy.trainLabels));
        assertThatThrownBy(() -> isolated(spec).dataDir(tmp.resolve("data")).build().load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(img.toString())
                .hasMessageContaining("header declares 6x5x5, expected 6x4x4 (Toy train-images-idx3-ubyte)");
    }

    @Test
    void alteredButValidFilesFailTheChecksumWithoutAnyFlag() {
        toy.writeGz(tmp.resolve("data/toy"));
        byte[] altered = TestData.idx(new int[] {6, 4, 4}, TestData.codedPixels(6, 4, 4, 1));
        Path img = TestData.write(tmp.resolve("data/toy/train-images-idx3-ubyte.gz"), TestData.gzip(altered));
        // header and length are right: only the checksum tells
        for (boolean verify : new boolean[] {false, true}) {
            assertThatThrownBy(() -> isolated(spec).dataDir(tmp.resolve("data")).verifyChecksums(verify).build().load())
                    .isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageContaining(img.toString())
                    .hasMessageContaining(TestData.sha256(toy.trainImages))
                    .hasMessageContaining(TestData.sha256(altered));
        }
    }

    /** MNIST test files with a valid header and length whose pixels (and labels) are all 0. */
    private static void writeBlankMnistTest(Path dir) {
        TestData.write(dir.resolve("t10k-images-idx3-ubyte.gz"),
                TestData.gzip(TestData.idx(new int[] {10000, 28, 28}, new byte[10000 * 28 * 28])));
        TestData.write(dir.resolve("t10k-labels-idx1-ubyte.gz"), TestData.gzip(TestData.idx(new int[] {10000}, new byte[10000])));
    }

    private static final String MNIST_TEST_IMAGES_SHA = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7";
    private static final String BLANK_SHA = TestData.sha256(TestData.idx(new int[] {10000, 28, 28}, new byte[10000 * 28 * 28]));

    @Test
    void blankMnistIsRejectedWhereverItIsFound() {
        // explicit dir, $ML_DATA_DIR, user cache, system dir: each must fail with the file, both digests, a fix
        Path cacheRoot = tmp.resolve("cacheroot");
        record Where(String name, Path dir, IdxDataset.Builder builder, String fix) {
        }
        List<Where> places = List.of(
                new Where("explicit", tmp.resolve("explicit/mnist"), Mnist.builder().dataDir(tmp.resolve("explicit"))
                        .environment(Map.of()), "--data-dir"),
                new Where("env", tmp.resolve("env/mnist"), Mnist.builder()
                        .environment(Map.of("ML_DATA_DIR", tmp.resolve("env").toString())), "ML_DATA_DIR"),
                new Where("cache", cacheRoot.resolve("datasets/mnist"), Mnist.builder().environment(Map.of()),
                        "delete it"),
                new Where("system", tmp.resolve("sys/mnist"), Mnist.builder().environment(Map.of()), "--data-dir"));
        for (Where w : places) {
            writeBlankMnistTest(w.dir());
            Path img = w.dir().resolve("t10k-images-idx3-ubyte.gz");
            assertThatThrownBy(() -> w.builder().cacheDir(cacheRoot).systemDir(tmp.resolve("sys")).download(false)
                    .train(false).build().load())
                    .as(w.name())
                    .isInstanceOf(ChecksumMismatchException.class)
                    .hasMessageContaining(img.toString())
                    .hasMessageContaining("expected " + MNIST_TEST_IMAGES_SHA)
                    .hasMessageContaining("is " + BLANK_SHA)
                    .hasMessageContaining(w.fix())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            TestData.deleteTree(w.dir());
        }
        // in a flat $ML_DATA_DIR the files may be another data set's: skipped, and the reason is listed
        writeBlankMnistTest(tmp.resolve("flat"));
        assertThatThrownBy(() -> Mnist.builder().environment(Map.of("ML_DATA_DIR", tmp.resolve("flat").toString()))
                .cacheDir(cacheRoot).systemDir(tmp.resolve("sys")).download(false).train(false).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("files there are not MNIST's")
                .hasMessageContaining(MNIST_TEST_IMAGES_SHA).hasMessageContaining(BLANK_SHA);
    }

    @Test
    void aVerifiedFileIsRememberedByPathSizeAndTime() throws IOException {
        Path cacheRoot = tmp.resolve("cacheroot");
        toy.writeGz(tmp.resolve("data/toy"));
        Logger logger = (Logger) LoggerFactory.getLogger(IdxDataset.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("data")).build().load();
            assertThat(verifiedLines(appender)).as("first run hashes both files").hasSize(2);
            Path store = cacheRoot.resolve("datasets").resolve(VerifiedFiles.FILE_NAME);
            assertThat(store).exists();
            assertThat(Files.readString(store)).contains(tmp.resolve("data/toy/train-images-idx3-ubyte.gz").toRealPath().toString());

            appender.list.clear();
            isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("data")).build().load();
            assertThat(verifiedLines(appender)).as("a second run does not hash again").isEmpty();

            appender.list.clear();
            Path labels = tmp.resolve("data/toy/train-labels-idx1-ubyte.gz");
            Files.setLastModifiedTime(labels, FileTime.fromMillis(Files.getLastModifiedTime(labels).toMillis() - 5000));
            isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("data")).build().load();
            assertThat(verifiedLines(appender)).as("a touched file is hashed again").hasSize(1);

            appender.list.clear();
            isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("data")).verifyChecksums(true).build().load();
            assertThat(verifiedLines(appender)).as("verifyChecksums(true) always hashes").hasSize(2);
        } finally {
            logger.detachAppender(appender);
        }
        // rewritten in place with other bytes of the same size, the old modification time restored:
        // the change time (which cannot be set back) still tells
        toy.writeRaw(tmp.resolve("raw/toy"));
        isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("raw")).build().load();
        Path img = tmp.resolve("raw/toy/train-images-idx3-ubyte");
        FileTime mtime = Files.getLastModifiedTime(img);
        byte[] altered = TestData.idx(new int[] {6, 4, 4}, TestData.codedPixels(6, 4, 4, 1));
        assertThat(altered.length).isEqualTo(Files.size(img));
        Files.write(img, altered);
        Files.setLastModifiedTime(img, mtime);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.getFileStore(img).supportsFileAttributeView("unix"),
                "no unix:ctime on this file system");
        assertThatThrownBy(() -> isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("raw")).build().load())
                .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining(TestData.sha256(altered));
    }

    @Test
    void anUnwritableCacheOnlyCostsTheHashing() throws IOException {
        Path blocked = TestData.write(tmp.resolve("not-a-dir"), new byte[] {1});
        toy.writeGz(tmp.resolve("data/toy"));
        for (int run = 0; run < 2; run++) {
            LabeledImages d = isolated(spec).cacheDir(blocked.resolve("cache")).dataDir(tmp.resolve("data")).build().load();
            assertThat(d.size()).isEqualTo(6);
        }
        assertThat(Files.isRegularFile(blocked)).isTrue();
        // and a corrupt store is ignored (then rewritten)
        Path cacheRoot = tmp.resolve("c2");
        TestData.write(cacheRoot.resolve("datasets").resolve(VerifiedFiles.FILE_NAME), new byte[] {(byte) 0xFF, '\\', 'u', '=', 0});
        assertThat(isolated(spec).cacheDir(cacheRoot).dataDir(tmp.resolve("data")).build().load().size()).isEqualTo(6);
    }

    private static List<String> verifiedLines(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.startsWith("verified SHA-256"))
                .toList();
    }

    @Test
    void aHugeHeaderForTheCatalogFailsBeforeAllocating() {
        // 60 bytes of gzip declaring 2,550,000 images of 28x28: 2 GB if believed
        Path img = TestData.write(tmp.resolve("data/mnist/train-images-idx3-ubyte.gz"),
                TestData.gzip(TestData.idx(new int[] {2_550_000, 28, 28}, new byte[16])));
        TestData.write(tmp.resolve("data/mnist/train-labels-idx1-ubyte.gz"), TestData.gzip(TestData.idx(new int[] {60000}, new byte[60000])));
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertThatThrownBy(() -> isolated(Mnist.SPEC).dataDir(tmp.resolve("data")).build().load())
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(img.toString())
                .hasMessageContaining("header declares 2550000x28x28, expected 60000x28x28 (MNIST train-images-idx3-ubyte)")
                .hasMessageContaining("--data-dir");
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(allocated).as("bytes allocated").isLessThan(20_000_000L);
    }

    @Test
    void embeddedSampleIsOnlyUsedWhenAllowedAndLogsAWarning() throws IOException {
        assertThatThrownBy(() -> isolated(Mnist.SPEC).build().load())
                .isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("embedded sample: not allowed");

        Logger logger = (Logger) LoggerFactory.getLogger(IdxDataset.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            LabeledImages d = isolated(Mnist.SPEC).allowEmbeddedSample(true).limit(100).build().load();
            assertThat(d.size()).isEqualTo(100);
            assertThat(d.source().isEmbeddedSample()).isTrue();
            assertThat(d.source().toString()).isEqualTo("embedded sample (4000 digits: MNIST train indices 0-3999)");
            assertThat(appender.list).anySatisfy(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).contains("embedded sample").contains("NOT comparable");
            });
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void embeddedSampleContent() throws IOException {
        LabeledImages train = Mnist.embeddedSample(true);
        LabeledImages test = Mnist.embeddedSample(false);
        assertThat(train.size()).isEqualTo(4000);
        assertThat(test.size()).isEqualTo(1000);
        assertThat(test.source().toString()).isEqualTo("embedded sample (1000 digits: MNIST test indices 0-999)");
        assertThat(train.images().rows()).isEqualTo(28);
        // every class is present in a sample of real digits, none dominates
        for (int count : train.labelHistogram()) {
            assertThat(count).isBetween(250, 600);
        }
        // the first MNIST training labels are the well-known 5, 0, 4, 1, 9, 2, 1, 3, 1, 4
        assertThat(java.util.Arrays.copyOf(train.labels(), 10)).containsExactly(5, 0, 4, 1, 9, 2, 1, 3, 1, 4);
        // and the first test labels 7, 2, 1, 0, 4, 1, 4, 9, 5, 9
        assertThat(java.util.Arrays.copyOf(test.labels(), 10)).containsExactly(7, 2, 1, 0, 4, 1, 4, 9, 5, 9);
        assertThatThrownBy(() -> FashionMnist.builder().allowEmbeddedSample(true).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fashion-mnist has no embedded sample");
    }

    @Test
    void mirrorOptionsAreValidated() {
        assertThatThrownBy(() -> Mnist.builder().mirrors("ftp://x/"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http(s)");
        assertThat(Mnist.builder().mirrors("http://127.0.0.1:1/m").build().mirrors())
                .extracting(Object::toString).containsExactly("http://127.0.0.1:1/m/");
        assertThat(Mnist.builder().build().mirrors()).extracting(Object::toString)
                .containsExactly("https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/");
        assertThat(FashionMnist.builder().build().mirrors()).extracting(Object::toString)
                .containsExactly("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");
    }
}
