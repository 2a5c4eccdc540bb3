package io.github.mlplatform.experiments.cli;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.datasets.DatasetCatalog;
import io.github.mlplatform.datasets.DatasetSpec;
import io.github.mlplatform.datasets.IdxDataset;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Environment;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Setting;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The {@code ml} command: {@code list}, {@code info}, {@code run NAME}, {@code bench NAME},
 * {@code report RUN_DIR}, {@code help}. Every error, whatever was thrown (out of memory, stack
 * overflow, a native exception), is one line on stderr and a non-zero exit code: 2 for bad
 * arguments (nothing is written), 1 for a failed run. {@code ML_DEBUG=1} adds the stack trace.
 */
@Command(name = "ml", mixinStandardHelpOptions = true, version = "ml 0.1.0",
        description = "Machine-learning experiments on ND4J/SameDiff: run, benchmark and report.",
        footer = {"", "'ml run NAME --help' lists the settings (-P KEY=VALUE) of an experiment; 'ml list' the experiments."},
        subcommands = {MlCli.ListCmd.class, MlCli.InfoCmd.class, MlCli.RunCmd.class, MlCli.BenchCmd.class, MlCli.ReportCmd.class,
                MlCli.HelpCmd.class})
public final class MlCli implements Callable<Integer> {

    /** Exit code of bad arguments. */
    public static final int USAGE = 2;
    /** Exit code of a run or command that failed. */
    public static final int FAILED = 1;

    private static final int MAX_MESSAGE = 600;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, Experiment<?>> experiments;

    MlCli(Map<String, Experiment<?>> experiments) {
        this.experiments = experiments;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        exit(MlCli::execute, args);
    }

    /** Runs a command's {@code execute(args, out, err)} on the standard streams and exits the JVM with its code. */
    public static void exit(Cli cli, String[] args) {
        int code;
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        try {
            code = cli.execute(args, out, err);
        } catch (Throwable t) { // only if reporting itself failed
            System.err.println("ml: error: " + t.getClass().getSimpleName());
            code = FAILED;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** A command line that runs and returns its exit code. */
    @FunctionalInterface
    public interface Cli {
        /** Runs with these arguments, printing to {@code out} and {@code err}; returns the exit code. */
        int execute(String[] args, PrintWriter out, PrintWriter err);
    }

    /** True when {@code ML_DEBUG} asks for stack traces. */
    public static boolean debug() {
        String debug = System.getenv("ML_DEBUG");
        return debug != null && !debug.isBlank() && !debug.equals("0");
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        return execute(args, out, err, Experiments.all(), debug());
    }

    /**
     * Runs the CLI over the given experiments and returns the exit code; any throwable becomes one
     * line on {@code err} ({@code debug}: and its stack trace).
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, Experiment<?>> experiments, boolean debug) {
        return execute(new MlCli(experiments), args, out, err, debug);
    }

    /**
     * Runs any picocli {@code command} (this CLI, or another {@code ml} command such as ml-spark's
     * {@code ml sweep}) with this CLI's error handling: a bad argument is one line naming the command's
     * help and exit {@link #USAGE}; any throwable one line, exit {@link #USAGE} for an
     * {@link IllegalArgumentException}, else {@link #FAILED} ({@code debug}: and its stack trace).
     */
    public static int execute(Object command, String[] args, PrintWriter out, PrintWriter err, boolean debug) {
        try {
            CommandLine cl = new CommandLine(command);
            cl.setOut(out);
            cl.setErr(err);
            cl.setParameterExceptionHandler((ex, a) -> {
                if (debug) {
                    ex.printStackTrace(err);
                }
                String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
                err.println("ml: error: " + oneLine(ex) + " (see '" + cmd + " --help')");
                err.flush();
                return USAGE;
            });
            cl.setExecutionExceptionHandler((ex, c, parseResult) -> report(ex, err, debug));
            return cl.execute(args);
        } catch (Throwable t) { // Errors (OutOfMemoryError, StackOverflowError, ...) pass picocli's handler
            return report(t, err, debug);
        }
    }

    private static int report(Throwable t, PrintWriter err, boolean debug) {
        if (debug) {
            t.printStackTrace(err);
        }
        err.println("ml: error: " + describe(t));
        err.flush();
        return t instanceof IllegalArgumentException ? USAGE : FAILED;
    }

    /** One line for any throwable: the message of bad input as it is; anything else with what it was. */
    static String describe(Throwable t) {
        if (t instanceof IllegalArgumentException) {
            return oneLine(t);
        }
        if (t instanceof OutOfMemoryError) {
            return "out of memory (" + oneLine(t) + "); give the JVM more (ML_JAVA_OPTS=-Xmx16g) or use a smaller --batch-size or --limit";
        }
        if (t instanceof StackOverflowError) {
            return "stack overflow (StackOverflowError); ML_DEBUG=1 shows where";
        }
        String msg = t.getMessage() == null || t.getMessage().isBlank() ? null : oneLine(t);
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String type = t.getClass().getSimpleName().isEmpty() ? t.getClass().getName() : t.getClass().getSimpleName();
        String text = type + (msg == null ? "" : ": " + msg);
        if (root != t && root.getMessage() != null && (msg == null || !msg.contains(root.getMessage().strip()))) {
            text += " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return shorten(text) + " (ML_DEBUG=1 shows the stack trace)";
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
        return shorten(msg);
    }

    private static String shorten(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + " …";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        MlCli parent;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            parent.experiments.values().forEach(e ->
                    out.printf("%-14s %s%s%n", e.name(), e.description(), e.benchmark().isPresent() ? "  [bench]" : ""));
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Show the backend, threads, versions and where the data sets were found.")
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

    /** Options shared by run and bench: the common settings and where the data is. */
    abstract static class SettingsOptions {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        MlCli parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Experiment name (see 'ml list').")
        String name;

        @Option(names = {"-h", "--help"}, description = "Show this help and, with NAME, the experiment's settings.")
        boolean help;

        @Option(names = "--epochs", paramLabel = "N", description = "Sets the setting 'epochs' (same as -P epochs=N).")
        Integer epochs;

        @Option(names = "--batch-size", paramLabel = "N", description = "Sets the setting 'batch-size'.")
        Integer batchSize;

        @Option(names = "--seed", paramLabel = "N", description = "Sets the setting 'seed' (each experiment's default is in its --help).")
        Long seed;

        @Option(names = "--limit", paramLabel = "N", description = "Sets the setting 'limit' (what it limits: see NAME --help).")
        Integer limit;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Directory with the data sets (default: ML_DATA_DIR, cache, /usr/share/datasets).")
        Path dataDir;

        @Option(names = "--dry-run", description = "Check the arguments and print the settings that would be used; write nothing.")
        boolean dryRun;

        @Option(names = "-P", paramLabel = "KEY=VALUE", description = "An experiment setting (repeatable); see 'ml run NAME --help'.")
        List<String> params = new ArrayList<>();

        /** The command's name in messages, e.g. {@code ml run}. */
        abstract String command();

        /** The common options that were given, then the -P settings, in that order. */
        List<Setting> settings() {
            List<Setting> out = new ArrayList<>();
            if (epochs != null) {
                out.add(Setting.option("--epochs", "epochs", epochs));
            }
            if (batchSize != null) {
                out.add(Setting.option("--batch-size", "batch-size", batchSize));
            }
            if (seed != null) {
                out.add(Setting.option("--seed", "seed", seed));
            }
            if (limit != null) {
                out.add(Setting.option("--limit", "limit", limit));
            }
            for (String p : params) {
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("-P " + p + ": expected KEY=VALUE (see '" + command() + " "
                            + (name == null ? "NAME" : name) + " --help')");
                }
                out.add(Setting.param(p.substring(0, eq).strip(), p.substring(eq + 1)));
            }
            return out;
        }

        RunOptions options(Path out) {
            if (dataDir != null && !Files.isDirectory(dataDir)) {
                throw new IllegalArgumentException("--data-dir " + dataDir + ": not a directory");
            }
            return new RunOptions(dataDir, out);
        }

        /** The experiment named on the command line; without a name, an error that lists them. */
        Experiment<?> experiment() {
            if (name == null) {
                throw new IllegalArgumentException(command() + ": which experiment? Give its NAME, one of "
                        + String.join(", ", parent.experiments.keySet()) + " (see '" + command() + " --help')");
            }
            return Experiments.byName(name, parent.experiments);
        }

        /** Prints the command's usage and, when a NAME was given, the experiment's settings. */
        void printHelp(PrintWriter out, String settingsSubject, Class<? extends Record> type, Record defaults) {
            spec.commandLine().usage(out);
            out.println();
            if (type == null) {
                out.println("Experiments: " + String.join(", ", parent.experiments.keySet()) + ". '" + command()
                        + " NAME --help' lists NAME's settings.");
                return;
            }
            out.println("Settings of '" + settingsSubject + "' (-P KEY=VALUE; --epochs, --batch-size, --seed and --limit set the keys of"
                    + " the same name" + (this instanceof RunCmd ? "; the run's config.json uses the same keys" : "") + "):");
            out.print(helpTable(type, defaults));
            out.flush();
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static String helpTable(Class<? extends Record> type, Record defaults) {
            return ConfigBinder.of((Class) type).help(defaults);
        }
    }

    @Command(name = "run", description = "Run an experiment; its results go to OUT/NAME/<timestamp>/.",
            footer = {"", "Settings are checked before anything is written: an unknown key or a bad value is an error (exit 2)."})
    static final class RunCmd extends SettingsOptions implements Callable<Integer> {

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Root of the run directories (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--resume", description = "Continue the newest run of NAME that has a checkpoint; settings that differ from it"
                + " are refused, except the ones NAME --help marks.")
        boolean resume;

        @Override
        String command() {
            return "ml run";
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            if (help) {
                Experiment<?> e = name == null ? null : experiment();
                printHelp(stdout, e == null ? null : ExperimentRunner.subject(e), e == null ? null : e.configType(),
                        e == null ? null : e.defaults());
                return 0;
            }
            return run(experiment(), stdout);
        }

        private <C extends Record> int run(Experiment<C> e, PrintWriter stdout) throws Exception {
            ExperimentRunner.Plan<C> plan = ExperimentRunner.plan(e, settings(), options(out), resume);
            if (dryRun) {
                stdout.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(plan.configMap()));
                stdout.println(plan.resumeDir() == null ? "(dry run: would start a new run under " + out.resolve(e.name()) + ")"
                        : "(dry run: would resume " + plan.resumeDir() + ")");
                return 0;
            }
            ExperimentRunner.Outcome o = ExperimentRunner.execute(plan, Environment.describe(), record -> {
                stdout.println((plan.resumeDir() == null ? "run directory: " : "resuming: ") + record.dir());
                stdout.flush();
            });
            stdout.println(o.summary());
            stdout.println("report: " + o.record().dir().resolve("report.html"));
            return 0;
        }
    }

    @Command(name = "bench", description = "Run an experiment's benchmark and print its figures.")
    static final class BenchCmd extends SettingsOptions implements Callable<Integer> {

        @Override
        String command() {
            return "ml bench";
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter stdout = spec.commandLine().getOut();
            if (help && name == null) {
                printHelp(stdout, null, null, null);
                return 0;
            }
            Experiment<?> e = experiment();
            Benchmark<?> b = e.benchmark().orElseThrow(() -> new IllegalArgumentException(
                    "experiment '" + name + "' has no benchmark; these have one: " + String.join(", ", parent.experiments.values().stream()
                            .filter(x -> x.benchmark().isPresent()).map(Experiment::name).toList())));
            if (help) {
                printHelp(stdout, "ml bench " + name, b.configType(), b.defaults());
                return 0;
            }
            return bench(b, stdout);
        }

        private <B extends Record> int bench(Benchmark<B> b, PrintWriter stdout) throws Exception {
            ConfigBinder<B> binder = ConfigBinder.of(b.configType());
            B config = binder.bind(b.defaults(), settings(), "ml bench " + name);
            if (dryRun) {
                stdout.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(binder.toMap(config)));
                return 0;
            }
            RunOptions options = options(null);
            PrintStream ps = new PrintStream(new java.io.OutputStream() {
                @Override
                public void write(int c) {
                    stdout.write(c);
                }

                @Override
                public void flush() {
                    stdout.flush();
                }
            }, true);
            b.run(config, options, ps);
            ps.flush();
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true, description = "Write RUN_DIR/report.html for a run directory.")
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

    @Command(name = "help", description = "Show help: 'ml help', 'ml help COMMAND', 'ml help run NAME' (NAME's settings).")
    static final class HelpCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @ParentCommand
        MlCli parent;

        @Parameters(arity = "0..2", paramLabel = "TOPIC", description = "A command (run, bench, ...), optionally with an experiment NAME.")
        List<String> topic = new ArrayList<>();

        @Override
        public Integer call() {
            CommandLine root = spec.commandLine().getParent();
            PrintWriter out = spec.commandLine().getOut();
            if (topic.isEmpty()) {
                root.usage(out);
                return 0;
            }
            List<String> args = new ArrayList<>(topic);
            if (parent.experiments.containsKey(args.get(0))) {
                args.add(0, "run"); // 'ml help lenet' = 'ml help run lenet'
            }
            CommandLine sub = root.getSubcommands().get(args.get(0));
            if (sub == null) {
                throw new IllegalArgumentException("help: no command or experiment '" + args.get(0) + "'; commands: "
                        + String.join(", ", root.getSubcommands().keySet()) + "; experiments: " + String.join(", ", parent.experiments.keySet()));
            }
            if (args.size() == 1 && !(sub.getCommand() instanceof SettingsOptions)) {
                sub.usage(out);
                return 0;
            }
            List<String> again = new ArrayList<>(args.subList(1, args.size()));
            again.add("--help");
            return sub.execute(again.toArray(new String[0]));
        }
    }
}
