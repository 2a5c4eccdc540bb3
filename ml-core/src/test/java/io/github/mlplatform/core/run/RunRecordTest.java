package io.github.mlplatform.core.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunRecordTest {

    /** Every run below starts "in the same second". */
    static final Clock SAME_SECOND = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    @Test
    void runsStartedInTheSameSecondGetSuffixes(@TempDir Path out) throws IOException {
        Path a = RunRecord.create(out, "x", Map.of(), SAME_SECOND).dir();
        Path b = RunRecord.create(out, "x", Map.of(), SAME_SECOND).dir();
        Path c = RunRecord.create(out, "x", Map.of(), SAME_SECOND).dir();
        assertThat(a.getFileName()).hasToString("20260102-030405");
        assertThat(b.getFileName()).hasToString("20260102-030405-2");
        assertThat(c.getFileName()).hasToString("20260102-030405-3");
    }

    @Test
    void concurrentRunsInOneJvmNeverShareADirectory(@TempDir Path out) throws Exception {
        int threads = 8;
        int each = 10;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Path>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(creating(out, each)));
            }
            Set<Path> dirs = new HashSet<>();
            for (Future<List<Path>> f : futures) {
                dirs.addAll(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(dirs).hasSize(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentRunsInTwoJvmsNeverShareADirectory(@TempDir Path out) throws Exception {
        int each = 20;
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OtherJvm.class.getName(), out.toString(), Integer.toString(each))
                .redirectErrorStream(false).start();
        List<Path> mine = creating(out, each).call();
        String theirs = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(other.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).as(errors).isZero();
        Set<Path> all = new HashSet<>(mine);
        theirs.lines().filter(l -> l.startsWith("DIR ")).forEach(l -> all.add(Path.of(l.substring(4).strip())));
        assertThat(all).hasSize(2 * each);
        try (var s = Files.list(out.resolve("x"))) {
            assertThat(s.count()).isEqualTo(2 * each);
        }
    }

    /** The second JVM of {@link #concurrentRunsInTwoJvmsNeverShareADirectory}: prints the directories it got. */
    public static final class OtherJvm {
        public static void main(String[] args) throws Exception {
            for (Path p : creating(Path.of(args[0]), Integer.parseInt(args[1])).call()) {
                System.out.println("DIR " + p);
            }
        }
    }

    static Callable<List<Path>> creating(Path out, int n) {
        return () -> {
            List<Path> dirs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                dirs.add(RunRecord.create(out, "x", Map.of(), SAME_SECOND).dir());
            }
            return dirs;
        };
    }

    @Test
    void anOutRootThatIsAFileIsRefused(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> RunRecord.create(file, "x", Map.of())).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void latestOrdersSuffixesNumericallyAndFilters(@TempDir Path out) throws IOException {
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            dirs.add(RunRecord.create(out, "x", Map.of(), SAME_SECOND).dir());
        }
        // "-11" sorts before "-2" as text; the newest is still the 11th
        assertThat(RunRecord.latest(out, "x")).contains(dirs.get(10));
        Files.writeString(dirs.get(3).resolve("checkpoint"), "x");
        assertThat(RunRecord.latest(out, "x", d -> Files.isRegularFile(d.resolve("checkpoint")))).contains(dirs.get(3));
        assertThat(RunRecord.latest(out, "x", d -> false)).isEmpty();
        assertThat(RunRecord.latest(out, "none")).isEmpty();
    }
}
