package io.github.mlplatform.spark;

import io.github.mlplatform.core.util.Nd4jLogging;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.cli.MlCli;
import io.github.mlplatform.experiments.config.ConfigBinder;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ml sweep NAME --grid key=v1,v2 ... [--seeds N] [--metric M] [--master URL] [--out DIR]}: runs
 * every configuration of a grid (× seeds) of an experiment as one Spark task each and writes
 * {@code sweep.csv}, {@code sweep.json} and {@code report.html} into the sweep directory. Exit codes:
 * 0 all configurations finished, 1 some failed (each recorded with its error; the others ran), 2 bad
 * arguments (one line; nothing started). The main class of {@code ml-spark-*-all.jar}, so
 * {@code spark-submit} runs it as {@code ./ml sweep} does; a first argument {@code sweep} is skipped.
 */
@Command(name = "ml sweep", mixinStandardHelpOptions = true, version = "ml sweep 0.1.0", sortOptions = false,
        description = "Run an experiment for every combination of the --grid values (x seeds), each as one Spark task, and"
                + " rank the results.",
        footer = {"", "Each configuration runs exactly as 'ml run NAME -P ...' and writes its own run directory under OUT/runs/."
                + " Run the same command again to finish a sweep: configurations with a finished run of the same config are"
                + " not run again. Exit codes: 0 all finished, 1 some failed (recorded with their errors), 2 bad arguments."})
public final class SweepMain implements Callable<Integer> {

    /** Exit code of bad arguments. */
    public static final int USAGE = MlCli.USAGE;
    /** Exit code of a sweep in which some configuration failed, or of a sweep that could not run. */
    public static final int FAILED = MlCli.FAILED;

    /** Spark's and Hadoop's loggers, at WARN in the driver unless the logging configuration says otherwise. */
    static final List<String> SPARK_LOGGERS = List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty");
    /** Warnings with nothing to do for a sweep: Hadoop's native library (Spark uses its Java code), at ERROR. */
    static final List<String> NOISE = List.of("org.apache.hadoop.util.NativeCodeLoader");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Experiment name (see 'ml list').")
    String name;

    @Option(names = "--grid", paramLabel = "KEY=V1,V2,...", description = "A swept setting and its values (repeatable; a list setting"
            + " separates its values with ';'). Every combination of all --grid values runs.")
    List<String> grid = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "0", description = "Run every grid point with N seeds: the experiment's"
            + " seed (or -P seed=S) and the N-1 following ones.")
    int seeds;

    @Option(names = "--metric", paramLabel = "M", description = "Final metric to rank by (default: the first numeric final metric).")
    String metric;

    @Option(names = "--goal", paramLabel = "max|min", description = "Whether larger or smaller is better (default: min for names with"
            + " loss, error, mse, perplexity, time or seconds; else max).")
    String goal;

    /** The master URLs Spark accepts (SparkContext.createTaskScheduler's forms). */
    private static final java.util.regex.Pattern MASTER_URL = java.util.regex.Pattern.compile(
            "local(\\[(\\*|[1-9][0-9]*)(,[0-9]+)?\\])?|local-cluster\\[.+\\]|spark://.+|yarn|k8s://.+|mesos://.+");

    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[*] (default: every core of this machine),"
            + " local[N], spark://HOST:7077 (a standalone cluster; OUT and the data must be at the same path on every worker).")
    String master;

    @Option(names = "--out", paramLabel = "DIR", description = "The sweep's directory (default: sweeps/NAME).")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory with the data sets (as for ml run).")
    Path dataDir;

    @Option(names = "-P", paramLabel = "KEY=VALUE", description = "A setting for every configuration (repeatable), as for ml run.")
    List<String> params = new ArrayList<>();

    @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting (repeatable), e.g. spark.executor.memory=8g.")
    List<String> conf = new ArrayList<>();

    @Option(names = "--dry-run", description = "Check the grid and list the configurations; run nothing, write nothing.")
    boolean dryRun;

    private final String commandLine;

    SweepMain(String commandLine) {
        this.commandLine = commandLine;
    }

    public static void main(String[] args) {
        MlCli.exit(SweepMain::execute, args);
    }

    /** Runs {@code ml sweep} with these arguments (a leading {@code sweep} is skipped) and returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        String[] a = args.length > 0 && args[0].equals("sweep") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        return MlCli.execute(new SweepMain("ml sweep " + String.join(" ", a)), a, out, err, MlCli.debug());
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Experiment<?> e = Experiments.byName(name);
        ConfigBinder<?> binder = ConfigBinder.of(e.configType());
        SweepSpec.Goal g = goal == null ? null : switch (goal.toLowerCase(Locale.ROOT)) {
            case "max" -> SweepSpec.Goal.MAX;
            case "min" -> SweepSpec.Goal.MIN;
            default -> throw new IllegalArgumentException("--goal " + goal + ": expected max or min");
        };
        Map<String, List<String>> parsed = SweepSpec.parseGrid(grid, k -> binder.has(k)
                && binder.keys().stream().anyMatch(x -> x.key().equals(k) && x.typeName().startsWith("list of")));
        SweepSpec s = new SweepSpec(e.name(), parsed, params, seeds, metric, g);
        Path dir = out != null ? out : Path.of("sweeps", e.name());
        SweepPlan plan = SweepPlan.of(s, dataDir, dir);
        Nd4jLogging.quiet(NOISE, "ERROR");
        Nd4jLogging.quiet(SPARK_LOGGERS, "WARN");
        SparkConf sc = sparkConf(plan);
        if (dryRun) {
            stdout.printf(Locale.ROOT, "%d configurations of %s (dry run: nothing started, nothing written; the sweep directory would be %s,"
                    + " the master %s):%n", plan.tasks().size(), ExperimentRunner.subject(e), plan.outDir(), sc.get("spark.master"));
            for (SweepTask t : plan.tasks()) {
                stdout.println("  " + t.id());
            }
            return 0;
        }
        try {
            Files.createDirectories(plan.outDir());
        } catch (IOException | UnsupportedOperationException ex) {
            throw new IllegalArgumentException("--out " + plan.outDir() + ": cannot create the sweep's directory ("
                    + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()) + ")");
        }
        Sweep.Outcome outcome;
        String effectiveMaster;
        try (JavaSparkContext jsc = new JavaSparkContext(sc)) {
            effectiveMaster = jsc.master();
            outcome = Sweep.run(plan, jsc, stdout);
        }
        return finish(plan, outcome, effectiveMaster, stdout);
    }

    private int finish(SweepPlan plan, Sweep.Outcome outcome, String usedMaster, PrintWriter stdout) throws Exception {
        String rankProblem = null;
        String chosen;
        try {
            chosen = SweepReport.metric(plan.metric(), outcome.results());
        } catch (IllegalArgumentException ex) {
            rankProblem = ex.getMessage();
            chosen = SweepReport.metric(null, outcome.results());
        }
        String m = chosen;
        SweepSpec.Goal g = plan.spec().goal() != null ? plan.spec().goal() : m == null ? SweepSpec.Goal.MAX : SweepSpec.Goal.infer(m);
        Path html = SweepReport.write(plan, outcome, m, g, commandLine, usedMaster);
        List<TaskResult> ranked = SweepReport.ranked(outcome.results(), m, g);
        long failed = ranked.stream().filter(r -> !r.finished()).count();
        stdout.printf(Locale.ROOT, "%d of %d configurations finished, %d failed; %d ran now in %.1f s wall time%n",
                ranked.size() - failed, ranked.size(), failed, outcome.ran(), outcome.wallSeconds());
        if (m != null) {
            stdout.printf(Locale.ROOT, "best by %s (%s):%n", m, g == SweepSpec.Goal.MAX ? "largest first" : "smallest first");
            ranked.stream().filter(TaskResult::finished).limit(5)
                    .forEach(r -> stdout.printf(Locale.ROOT, "  %-40s %.6g%n", r.id(), r.metric(m)));
        }
        ranked.stream().filter(r -> !r.finished())
                .forEach(r -> stdout.printf(Locale.ROOT, "  failed: %s: %s%n", r.id(), r.error()));
        stdout.println("table: " + plan.outDir().resolve(SweepReport.CSV));
        stdout.println("report: " + html);
        stdout.flush();
        if (rankProblem != null) {
            throw new IllegalArgumentException(rankProblem + (m == null ? "" : "; ranked by " + m + " instead"));
        }
        return failed > 0 ? FAILED : 0;
    }

    /**
     * The Spark settings of a sweep: spark-submit's ({@code spark.*} system properties) and
     * {@code --conf} first, then this command's defaults for what is missing: the master
     * ({@code local[*]}), one OpenMP thread per task, the JVM options ND4J needs on executors, 4 GB per
     * executor, and, for a cluster, this jar as the application jar.
     */
    SparkConf sparkConf(SweepPlan plan) {
        String given = master != null ? master : System.getProperty("spark.master");
        if (given == null || given.startsWith("local")) {
            // "your hostname resolves to a loopback address": only matters when other hosts must reach this one
            Nd4jLogging.quiet(List.of("org.apache.spark.util.Utils"), "ERROR");
        }
        SparkConf c = new SparkConf(true);
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0 || !kv.startsWith("spark.")) {
                throw new IllegalArgumentException("--conf " + kv + ": expected spark.KEY=VALUE");
            }
            c.set(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        if (master != null) {
            c.setMaster(master);
        }
        c.setIfMissing("spark.master", "local[*]");
        if (!MASTER_URL.matcher(c.get("spark.master")).matches()) {
            // Spark would say so only after starting, with its stack trace in the log
            throw new IllegalArgumentException("--master " + c.get("spark.master") + ": expected local[*], local[N], "
                    + "spark://HOST:PORT, yarn, k8s://URL or mesos://URL");
        }
        if (c.get("spark.master").startsWith("local")) {
            // one JVM: nothing needs to reach the driver from another host
            c.setIfMissing("spark.driver.host", "127.0.0.1");
            c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        c.setIfMissing("spark.app.name", "ml sweep " + plan.spec().experiment());
        c.setIfMissing("spark.ui.enabled", "false");
        c.setIfMissing("spark.ui.showConsoleProgress", "false");
        String omp = System.getenv("OMP_NUM_THREADS");
        c.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", omp == null || omp.isBlank() ? "1" : omp);
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "-onednn-avx2");
        c.setIfMissing("spark.executor.extraJavaOptions", "-Djava.awt.headless=true -Dorg.bytedeco.javacpp.platform.extension=" + ext
                + (System.getProperty("ml.datasets.download") == null ? "" : " -Dml.datasets.download=" + System.getProperty("ml.datasets.download")));
        c.setIfMissing("spark.executor.memory", "4g");
        if (!c.get("spark.master").startsWith("local") && !c.contains("spark.jars")) {
            Path jar = applicationJar();
            if (jar == null) {
                throw new IllegalArgumentException("--master " + c.get("spark.master") + ": executors need the application jar, but this"
                        + " driver does not run from one; use ./ml sweep, spark-submit ml-spark-*-all.jar, or --conf spark.jars=JAR");
            }
            c.set("spark.jars", jar.toString());
        }
        return c;
    }

    /** The jar this class was loaded from, or null when it runs from a directory (tests in the IDE). */
    static Path applicationJar() {
        try {
            Path p = Path.of(SweepMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) && p.toString().endsWith(".jar") ? p.toAbsolutePath() : null;
        } catch (Exception ex) {
            return null;
        }
    }
}
