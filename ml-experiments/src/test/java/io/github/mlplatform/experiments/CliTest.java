package io.github.mlplatform.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.experiments.cli.MlCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    record Outcome(int code, String out, String err) {
        /** Exactly one line on stderr, no stack trace. */
        String errLine() {
            assertThat(err.lines().toList()).as(err).hasSize(1);
            assertThat(err).doesNotContain("\tat ");
            return err.strip();
        }
    }

    static Outcome ml(String... args) {
        return ml(Experiments.all(), false, args);
    }

    static Outcome ml(Map<String, Experiment<?>> experiments, boolean debug, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MlCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true), experiments, debug);
        return new Outcome(code, out.toString(), err.toString());
    }

    static Map<String, Experiment<?>> withFailing() {
        List<Experiment<?>> list = new ArrayList<>(Experiments.all().values());
        list.add(new FailingExperiment());
        return Experiments.of(list);
    }

    static List<Path> runs(Path out, String experiment) throws IOException {
        Path base = out.resolve(experiment);
        if (!Files.isDirectory(base)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(base)) {
            return s.sorted(RunRecordOrder.INSTANCE).toList();
        }
    }

    /** Run directories oldest first. */
    enum RunRecordOrder implements java.util.Comparator<Path> {
        INSTANCE;

        @Override
        public int compare(Path a, Path b) {
            return a.getFileName().toString().compareTo(b.getFileName().toString());
        }
    }

    @Test
    void listsExperiments() {
        Outcome o = ml("list");
        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("lenet").contains("[bench]");
    }

    @Test
    void helpWorksAndListsTheSettings() {
        for (String[] args : new String[][] {{"help"}, {"--help"}, {"run", "--help"}, {"help", "run"}, {"bench", "--help"}}) {
            Outcome o = ml(args);
            assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isZero();
            assertThat(o.err()).isEmpty();
            assertThat(o.out()).contains("Usage: ml");
        }
        assertThat(ml("run", "--help").out()).contains("--resume").contains("-P")
                .contains("lenet, invariance, invariance-presets, linear-regression, logistic-regression, bigram");

        for (String[] args : new String[][] {{"run", "lenet", "--help"}, {"help", "run", "lenet"}, {"help", "lenet"}, {"run", "--help", "lenet"}}) {
            Outcome o = ml(args);
            assertThat(o.code()).as(String.join(" ", args) + ": " + o.err()).isZero();
            assertThat(o.out()).contains("Settings of 'ml run lenet'");
            String lrStep = o.out().lines().filter(l -> l.strip().startsWith("lr-step ")).findFirst().orElseThrow();
            assertThat(lrStep).contains("integer").contains("5 epochs").contains("multiply the learning rate");
            assertThat(o.out()).contains("sgd|adam|adadelta").contains("weight-decay").contains("1e-4").contains("(--resume may change it)");
        }
        assertThat(ml("run", "invariance", "--help").out()).contains("gif-frames").contains("tapestry|ribbon").contains("fused|nd4j")
                .contains("mnist|fashion-mnist");
        assertThat(ml("run", "invariance-presets", "--help").out()).contains("Settings of 'ml run invariance-presets'")
                .contains("list of six-winners|three-winners|four-winners|renormalised|stable").contains("workers");
        assertThat(ml("run", "invariance-classifier", "--help").out()).contains("top-neurons").contains("sum|max").contains("readout-lr");
        assertThat(ml("run", "logistic-regression", "--help").out()).contains("separable-draws").contains("true|false");
        assertThat(ml("run", "linear-regression", "--help").out()).contains("list of number").contains("1,2,4");
        assertThat(ml("bench", "lenet", "--help").out()).contains("Settings of 'ml bench lenet'").contains("replay|session");
        assertThat(ml("bench", "invariance", "--help").out()).contains("list of fused|nd4j|seed-port");
    }

    @Test
    void mainPrintsTheWholeHelpBeforeItExits() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MlCli.class.getName(), "run", "lenet", "--help").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(text).isZero();
        assertThat(text).contains("Settings of 'ml run lenet'").contains("weight-decay").contains("workers");
    }

    @Test
    void badInputGivesOneLineAndExit2(@TempDir Path dir) throws IOException {
        Outcome unknown = ml("run", "nosuch", "--out", dir.toString());
        assertThat(unknown.code()).isEqualTo(2);
        String known = String.join(", ", Experiments.all().keySet());
        assertThat(known).startsWith("lenet, invariance, invariance-presets, linear-regression, logistic-regression, bigram");
        assertThat(unknown.errLine()).isEqualTo("ml: error: unknown experiment 'nosuch'; known: " + known);
        assertThat(ml("run", "lenett").errLine()).isEqualTo("ml: error: unknown experiment 'lenett'; known: " + known
                + " (did you mean 'lenet'?)");

        Outcome noName = ml("run");
        assertThat(noName.code()).isEqualTo(2);
        assertThat(noName.errLine()).contains("which experiment?")
                .contains("lenet, invariance, invariance-presets, linear-regression, logistic-regression, bigram");

        Outcome badNumber = ml("run", "lenet", "--epochs", "zero");
        assertThat(badNumber.code()).isEqualTo(2);
        assertThat(badNumber.errLine()).contains("--epochs").contains("(see 'ml run --help')").doesNotContain("Exception");

        Outcome negative = ml("run", "lenet", "--epochs", "-1", "--out", dir.toString());
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.errLine()).isEqualTo("ml: error: --epochs -1: must be at least 1");

        Outcome noRun = ml("run", "lenet", "--resume", "--out", dir.resolve("empty").toString());
        assertThat(noRun.code()).isEqualTo(2);
        assertThat(noRun.errLine()).contains("--resume: no run of 'lenet' with a checkpoint");

        Outcome noCheckpoints = ml("run", "linear-regression", "--resume", "--out", dir.toString());
        assertThat(noCheckpoints.code()).isEqualTo(2);
        assertThat(noCheckpoints.errLine()).contains("'linear-regression' keeps no checkpoints");

        Outcome badDir = ml("run", "lenet", "--data-dir", dir.resolve("missing").toString(), "--out", dir.toString());
        assertThat(badDir.code()).isEqualTo(2);
        assertThat(badDir.errLine()).contains("--data-dir").contains("not a directory");

        Outcome report = ml("report", dir.toString());
        assertThat(report.code()).isEqualTo(2);
        assertThat(report.errLine()).contains("is not a run directory");

        Outcome noBench = ml("bench", "logistic-regression");
        assertThat(noBench.code()).isEqualTo(2);
        assertThat(noBench.errLine()).contains("has no benchmark");

        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).as("nothing written").isEmpty();
        }
    }

    @Test
    void rejectedSettingsNameWhatWasTypedAndCreateNoRun(@TempDir Path dir) throws IOException {
        String out = dir.toString();
        Map<String[], String> cases = new java.util.LinkedHashMap<>();
        cases.put(new String[] {"run", "lenet", "-P", "optimiser=adam"}, "ml: error: -P optimiser=adam: 'ml run lenet' has no setting"
                + " 'optimiser'; did you mean 'optimizer'? (see 'ml run lenet --help')");
        cases.put(new String[] {"run", "lenet", "-P", "lr=abc"}, "ml: error: -P lr=abc: expected a number (e.g. 0.05 or 1e-4)");
        cases.put(new String[] {"run", "lenet", "-P", "lr-step=-2"}, "ml: error: -P lr-step=-2: must be at least 0");
        cases.put(new String[] {"run", "lenet", "-P", "learningRate=0.1"}, "ml: error: -P learningRate=0.1: 'ml run lenet' has no"
                + " setting 'learningRate'; did you mean 'lr'? (see 'ml run lenet --help')");
        cases.put(new String[] {"run", "lenet", "-P", "optimizer=adamw"}, "ml: error: -P optimizer=adamw: expected one of sgd, adam,"
                + " adadelta; did you mean 'adam'?");
        cases.put(new String[] {"run", "lenet", "-P", "lr"}, "ml: error: -P lr: expected KEY=VALUE (see 'ml run lenet --help')");
        cases.put(new String[] {"run", "invariance", "--batch-size", "32"}, "ml: error: --batch-size 32: 'ml run invariance' has no"
                + " setting 'batch-size'; known: stream, dataset, preset, neurons, impl, precision, epochs, limit, seed, gif-frames, winners, leta, seta"
                + " (see 'ml run invariance --help')");
        cases.put(new String[] {"run", "invariance", "-P", "stream=river"}, "ml: error: -P stream=river: expected one of tapestry,"
                + " ribbon");
        cases.put(new String[] {"run", "invariance", "-P", "stream=ribon"}, "ml: error: -P stream=ribon: expected one of tapestry,"
                + " ribbon; did you mean 'ribbon'?");
        cases.put(new String[] {"run", "logistic-regression", "-P", "mnist=maybe"}, "ml: error: -P mnist=maybe: expected true or false");
        cases.put(new String[] {"run", "logistic-regression", "-P", "mnist-ir=0.5"}, "ml: error: -P mnist-ir=0.5: 'ml run"
                + " logistic-regression' has no setting 'mnist-ir'; did you mean 'mnist-lr'? (see 'ml run logistic-regression --help')");
        cases.put(new String[] {"run", "lenet", "--epochs", "2", "-P", "epochs=3"}, "ml: error: --epochs 2 and -P epochs=3 set the same"
                + " setting 'epochs'");
        cases.put(new String[] {"bench", "lenet", "-P", "repeat=2"}, "ml: error: -P repeat=2: 'ml bench lenet' has no setting 'repeat';"
                + " did you mean 'repeats'? (see 'ml bench lenet --help')");
        for (Map.Entry<String[], String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of(c.getKey()));
            if (args.get(0).equals("run")) {
                args.addAll(List.of("--out", out));
            }
            Outcome o = ml(args.toArray(new String[0]));
            assertThat(o.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(o.errLine()).isEqualTo(c.getValue());
            assertThat(o.out()).isEmpty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).as("no run directory for rejected arguments").isEmpty();
        }
    }

    @Test
    void benchSaysWhichPathTrainingAndInferenceTook() {
        String[] small = {"-P", "limit=2", "-P", "repeats=1", "-P", "warmup-seconds=0", "-P", "workers=1"};
        Outcome replay = ml(concat(new String[]{"bench", "lenet"}, small));
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("samples/s   (REPLAYED: replayed").contains("\"train_path\":\"REPLAYED\"");
        Outcome session = ml(concat(new String[]{"bench", "lenet", "-P", "executor=session"}, small));
        assertThat(session.code()).as(session.err()).isZero();
        assertThat(session.out()).contains("samples/s   (SESSION: replaying disabled").contains("\"train_path\":\"SESSION\"");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void outNamingAFileIsBadInput(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Outcome o = ml("run", "lenet", "--out", file.toString(), "--epochs", "1");
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.errLine()).isEqualTo("ml: error: --out " + file + ": not a directory");
    }

    @Test
    void dryRunPrintsTheSettingsUnderTheirKeysAndWritesNothing(@TempDir Path dir) throws IOException {
        Outcome o = ml("run", "lenet", "--dry-run", "--out", dir.toString(), "--epochs", "3", "-P", "lr=0.1", "-P", "optimizer=ADAM");
        assertThat(o.code()).as(o.err()).isZero();
        JsonNode cfg = Json.mapper().readTree(o.out().substring(0, o.out().lastIndexOf('}') + 1));
        assertThat(cfg.get("epochs").asInt()).isEqualTo(3);
        assertThat(cfg.get("lr").asDouble()).isEqualTo(0.1);
        assertThat(cfg.get("optimizer").asText()).isEqualTo("adam");
        assertThat(cfg.has("weight-decay")).isTrue();
        assertThat(cfg.has("learningRate")).isFalse();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void anyThrowableIsOneLineAndNonZero(@TempDir Path dir) {
        Map<String, Experiment<?>> reg = withFailing();
        Outcome oom = ml(reg, false, "run", "fail", "-P", "kind=oom", "--out", dir.toString());
        assertThat(oom.code()).isEqualTo(1);
        assertThat(oom.errLine()).startsWith("ml: error: out of memory (Java heap space)").contains("ML_JAVA_OPTS");

        Outcome stack = ml(reg, false, "run", "fail", "-P", "kind=stack", "--out", dir.toString());
        assertThat(stack.code()).isEqualTo(1);
        assertThat(stack.errLine()).isEqualTo("ml: error: stack overflow (StackOverflowError); ML_DEBUG=1 shows where");

        Outcome nat = ml(reg, false, "run", "fail", "-P", "kind=native", "--out", dir.toString());
        assertThat(nat.code()).isEqualTo(1);
        assertThat(nat.errLine()).startsWith("ml: error: ").contains("ML_DEBUG=1 shows the stack trace");

        Outcome blank = ml(reg, false, "run", "fail", "-P", "kind=null-message", "--out", dir.toString());
        assertThat(blank.code()).isEqualTo(1);
        assertThat(blank.errLine()).isEqualTo("ml: error: IllegalStateException (ML_DEBUG=1 shows the stack trace)");

        Outcome debug = ml(reg, true, "run", "fail", "-P", "kind=stack", "--out", dir.toString());
        assertThat(debug.code()).isEqualTo(1);
        assertThat(debug.err()).contains("\tat ").contains("StackOverflowError");
        assertThat(debug.err().strip()).endsWith("ml: error: stack overflow (StackOverflowError); ML_DEBUG=1 shows where");
    }

    @Test
    void failedRunsAreRecordedAsFailed(@TempDir Path dir) throws IOException {
        ml(withFailing(), false, "run", "fail", "-P", "kind=stack", "--out", dir.toString());
        List<Path> runs = runs(dir, "fail");
        assertThat(runs).hasSize(1);
        JsonNode m = Json.read(runs.get(0).resolve(RunRecord.METRICS));
        assertThat(m.get("status").asText()).isEqualTo("failed");
        assertThat(m.get("notes").get("error").asText()).startsWith("StackOverflowError");
    }

    @Test
    void runsStartedTogetherGetTheirOwnDirectories(@TempDir Path dir) throws Exception {
        Map<String, Experiment<?>> reg = withFailing();
        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Outcome>> f = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                f.add(pool.submit(() -> ml(reg, false, "run", "fail", "--out", dir.toString())));
            }
            for (Future<Outcome> o : f) {
                assertThat(o.get().code()).as(o.get().err()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        List<Path> runs = runs(dir, "fail");
        assertThat(runs).hasSize(n);
        assertThat(new HashSet<>(runs)).hasSize(n);
        for (Path r : runs) {
            assertThat(Json.read(r.resolve(RunRecord.METRICS)).get("status").asText()).isEqualTo("finished");
        }
    }

    @Test
    void resumeTakesTheNewestRunWithACheckpointAndRefusesADifferentConfig(@TempDir Path dir) throws IOException {
        Map<String, Experiment<?>> reg = withFailing();
        String out = dir.toString();
        assertThat(ml(reg, false, "run", "fail", "--out", out).code()).isZero();
        Path withCheckpoint = runs(dir, "fail").get(0);
        // a newer run that failed before its first checkpoint
        assertThat(ml(reg, false, "run", "fail", "-P", "kind=null-message", "--out", out).code()).isEqualTo(1);
        assertThat(runs(dir, "fail")).hasSize(2);

        byte[] config = Files.readAllBytes(withCheckpoint.resolve(RunRecord.CONFIG));
        Outcome refused = ml(reg, false, "run", "fail", "--resume", "-P", "kind=oom", "--out", out);
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.errLine()).isEqualTo("ml: error: --resume: the checkpoint in " + withCheckpoint + " was trained with a"
                + " different config: kind=none → kind=oom (a resumed run may change only epochs; start a new run without --resume)");
        assertThat(Files.readAllBytes(withCheckpoint.resolve(RunRecord.CONFIG))).as("config.json untouched").isEqualTo(config);

        Outcome resumed = ml(reg, false, "run", "fail", "--resume", "--epochs", "4", "--out", out);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("resuming: " + withCheckpoint);
        assertThat(Json.read(withCheckpoint.resolve(RunRecord.CONFIG)).get("epochs").asInt()).isEqualTo(4);
        assertThat(runs(dir, "fail")).hasSize(2);
    }

    @Test
    void lenetRunWritesACompleteRunRecordUnderTheSettingsKeys(@TempDir Path dir) throws Exception {
        Outcome o = ml("run", "lenet", "--epochs", "1", "--limit", "512", "--batch-size", "64", "--out", dir.toString());
        assertThat(o.code()).as(o.err()).isZero();
        List<Path> runs = runs(dir, "lenet");
        assertThat(runs).hasSize(1);
        Path runDir = runs.get(0);
        assertThat(o.out()).contains("test accuracy").contains(runDir.toString());
        JsonNode config = Json.read(runDir.resolve("config.json"));
        assertThat(config.get("epochs").asInt()).isEqualTo(1);
        assertThat(config.get("limit").asInt()).isEqualTo(512);
        assertThat(config.get("lr").asDouble()).isEqualTo(0.05);
        assertThat(config.get("optimizer").asText()).isEqualTo("sgd");
        List<String> fields = new ArrayList<>();
        config.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("epochs", "batch-size", "optimizer", "lr", "momentum", "weight-decay", "lr-step", "lr-gamma",
                "seed", "limit", "workers");
        JsonNode metrics = Json.read(runDir.resolve("metrics.json"));
        assertThat(metrics.get("status").asText()).isEqualTo("finished");
        assertThat(metrics.get("epochs")).hasSize(1);
        assertThat(metrics.get("epochs").get(0).get("lr").asDouble()).as("metric key = setting key").isEqualTo(0.05);
        double acc = metrics.get("final").get("test_accuracy").asDouble();
        // 512 images, 1 epoch: far from converged but above chance (10%)
        assertThat(acc).isGreaterThan(0.3).isLessThanOrEqualTo(1.0);
        assertThat(metrics.get("final").get("confusion_matrix")).hasSize(10);
        assertThat(metrics.get("notes").get("train_data").asText()).contains("512 images");
        assertThat(Json.read(runDir.resolve("environment.json")).get("backend").asText()).isEqualTo("CPU");
        assertThat(runDir.resolve("lenet.model")).isRegularFile();
        assertThat(runDir.resolve("summary.txt")).isRegularFile();
        assertThat(Files.readString(runDir.resolve("report.html"))).contains("test accuracy").doesNotContain("no summary.txt");
        assertThat(runDir.resolve("checkpoints/checkpoint.json")).isRegularFile();

        // a different learning rate is refused and leaves config.json alone
        byte[] before = Files.readAllBytes(runDir.resolve("config.json"));
        Outcome refused = ml("run", "lenet", "--resume", "-P", "lr=0.1", "--out", dir.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.errLine()).contains("lr=0.05 → lr=0.1");
        assertThat(Files.readAllBytes(runDir.resolve("config.json"))).isEqualTo(before);

        // resuming with one more epoch (other settings from the run's config.json) trains epoch 2 only
        Outcome again = ml("run", "lenet", "--epochs", "2", "--out", dir.toString(), "--resume");
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode after = Json.read(runDir.resolve("metrics.json"));
        assertThat(after.get("epochs")).hasSize(2);
        assertThat(after.get("final").get("test_accuracy").asDouble()).isGreaterThan(acc);
        assertThat(Json.read(runDir.resolve("config.json")).get("epochs").asInt()).isEqualTo(2);
        assertThat(Json.read(runDir.resolve("config.json")).get("limit").asInt()).isEqualTo(512);
        assertThat(runs(dir, "lenet")).hasSize(1);
    }
}
