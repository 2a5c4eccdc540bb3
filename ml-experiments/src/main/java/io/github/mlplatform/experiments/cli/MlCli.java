package io.github.mlplatform.experiments.cli;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.datasets.DatasetCatalog;
import io.github.mlplatform.datasets.DatasetSpec;
import io.github.mlplatform.datasets.IdxDataset;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * The {@code ml} command: {@code list}, {@code info}, {@code run NAME}, {@code bench NAME},
 * {@code report RUN_DIR}. Errors are one line on stderr and a non-zero exit code (2 for bad
 * arguments, 1 for a failed run), never a stack trace (set {@code ML_DEBUG=1} to see one).
 */
@Command(name = "ml", mixinStandardHelpOptions = true, version = "ml 0.1.0",
        description = "Machine-learning experiments on ND4J/SameDiff: run, benchmark and report.",
        subcommands = {MlCli.ListCmd.class, MlCli.InfoCmd.class, MlCli.RunCmd.class, MlCli.BenchCmd.class, MlCli.ReportCmd.class})
public final class MlCli implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new MlCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ml: " + ex.getMessage());
            err.println("(see 'ml --help' or 'ml " + (ex.getCommandLine().getCommandName().equals("ml") ? "" : ex.getCommandLine().getCommandName() + " ") + "--help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (System.getenv("ML_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.println("ml: error: " + oneLine(ex));
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl.execute(args);
    }

    static String oneLine(Throwable ex) {
        Throwable t = ex;
        String msg = t.getMessage();
        while ((msg == null || msg.isBlank()) && t.getCause() != null) {
            t = t.getCause();
            msg = t.getMessage();
        }
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ').trim();
    }

    @Command(name = "list", description = "List the experiments.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Experiments.all().values().forEach(e ->
                    out.printf("%-14s %s%s%n", e.name(), e.description(), e.hasBenchmark() ? "  [bench]" : ""));
            return 0;
        }
    }

    @Command(name = "info", description = "Show the backend, threads, versions and where the data sets were found.")
    static final class InfoCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", description = "Directory to look in first.")
        Path dataDir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Environment.describe().forEach((k, v) -> out.printf("%-24s %s%n", k, v));
            for (DatasetSpec ds : DatasetCatalog.all()) {
                out.printf("%-24s %s%n", "data: " + ds.name(), locate(ds, dataDir));
            }
            return 0;
        }

        static String locate(DatasetSpec ds, Path dataDir) {
            try {
                IdxDataset.Builder b = IdxDataset.builder(ds).train(false).limit(1).download(false);
                if (dataDir != null) {
                    b.dataDir(dataDir);
                }
                LabeledImages li = b.build().load();
                return li.source().toString();
            } catch (Exception e) {
                return "not found (" + oneLine(e) + ")";
            }
        }
    }

    /** Options shared by run and bench. */
    static class CommonOptions {
        @Option(names = "--epochs", description = "Number of epochs (experiment default if omitted).")
        Integer epochs;

        @Option(names = "--batch-size", description = "Mini-batch size.")
        Integer batchSize;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--limit", description = "Use at most N training examples (or steps, per experiment).")
        Integer limit;

        @Option(names = "--data-dir", description = "Directory with the data sets (default: ML_DATA_DIR, cache, /usr/share/datasets).")
        Path dataDir;

        @Option(names = "--out", defaultValue = "runs", description = "Root of the run directories (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "-P", description = "Experiment-specific setting KEY=VALUE (repeatable).")
        Map<String, String> params = new LinkedHashMap<>();

        RunOptions toOptions(boolean resume) {
            check("--epochs", epochs);
            check("--batch-size", batchSize);
            check("--limit", limit);
            if (dataDir != null && !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--data-dir " + dataDir + ": not a directory");
            }
            return new RunOptions(opt(epochs), opt(batchSize), seed, opt(limit), dataDir, out, resume, params);
        }

        private static void check(String name, Integer v) {
            if (v != null && v <= 0) {
                throw new IllegalArgumentException(name + " must be a positive whole number, got " + v);
            }
        }

        private static OptionalInt opt(Integer v) {
            return v == null ? OptionalInt.empty() : OptionalInt.of(v);
        }
    }

    @Command(name = "run", description = "Run an experiment; its results go to OUT/NAME/<timestamp>/.")
    static final class RunCmd extends CommonOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Experiment name (see 'ml list').")
        String name;

        @Option(names = "--resume", description = "Continue the newest run of this experiment from its last checkpoint.")
        boolean resume;

        @Override
        public Integer call() throws Exception {
            Experiment exp = Experiments.byName(name);
            RunOptions options = toOptions(resume);
            RunRecord record;
            boolean resumed = false;
            if (resume) {
                Path latest = RunRecord.latest(options.outDir(), exp.name()).orElseThrow(() -> new IllegalArgumentException(
                        "--resume: no earlier run of '" + exp.name() + "' under " + options.outDir().resolve(exp.name())));
                record = RunRecord.open(latest);
                resumed = true;
            } else {
                record = RunRecord.create(options.outDir(), exp.name(), Environment.describe());
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println("run directory: " + record.dir());
            String summary;
            try {
                summary = exp.run(new RunContext(options, record, resumed));
                record.writeSummary(summary);
                record.finish("finished");
            } catch (Exception | Error e) {
                record.note("error", oneLine(e));
                record.finish("failed");
                throw e;
            } finally {
                Reports.writeQuietly(record.dir());
            }
            out.println(summary);
            out.println("report: " + record.dir().resolve("report.html"));
            return 0;
        }
    }

    @Command(name = "bench", description = "Run an experiment's benchmark and print its figures.")
    static final class BenchCmd extends CommonOptions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "Experiment name (see 'ml list').")
        String name;

        @Override
        public Integer call() throws Exception {
            Experiment exp = Experiments.byName(name);
            if (!exp.hasBenchmark()) {
                throw new IllegalArgumentException("experiment '" + name + "' has no benchmark");
            }
            java.io.PrintStream ps = new java.io.PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int b) {
                    spec.commandLine().getOut().write(b);
                }

                @Override
                public void flush() {
                    spec.commandLine().getOut().flush();
                }
            }, true);
            exp.bench(toOptions(false), ps);
            ps.flush();
            return 0;
        }
    }

    @Command(name = "report", description = "Write RUN_DIR/report.html for a run directory.")
    static final class ReportCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory (runs/NAME/<timestamp>).")
        Path runDir;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(runDir.resolve(RunRecord.METRICS))) {
                throw new IllegalArgumentException(runDir + " is not a run directory (no " + RunRecord.METRICS + ")");
            }
            spec.commandLine().getOut().println(Reports.write(runDir));
            return 0;
        }
    }
}
