package io.github.mlplatform.spark;

import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.ExperimentRunner;
import io.github.mlplatform.experiments.Experiments;
import io.github.mlplatform.experiments.RunOptions;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Setting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A checked sweep: every configuration (grid points × seeds) bound to the experiment's typed config
 * exactly as {@code ml run -P ...} would bind it, nothing written. {@link #of} throws an
 * {@link IllegalArgumentException} with one line for anything wrong (unknown experiment or key, a
 * value of the wrong type, a combination the config rejects), before any task starts.
 *
 * @param spec    what was asked
 * @param outDir  the sweep's directory (absolute): {@code sweep.csv}, {@code sweep.json}, {@code report.html}, {@code runs/}
 * @param tasks   one task per configuration, in grid order (first key slowest), seeds innermost
 * @param metric  the metric to rank by (null: decided from the first finished run)
 */
public record SweepPlan(SweepSpec spec, Path outDir, List<SweepTask> tasks, String metric) {

    /** Directory of the configurations' runs inside the sweep directory. */
    public static final String RUNS = "runs";
    /** Longest configuration id used as a directory name as it is; longer ones are cut and get a hash. */
    static final int MAX_ID = 120;

    public SweepPlan {
        tasks = List.copyOf(tasks);
    }

    /**
     * Checks a sweep and lists its configurations.
     *
     * @param spec    what was asked
     * @param dataDir {@code --data-dir}, or null
     * @param outDir  the sweep's directory (must be a directory or not exist)
     */
    public static SweepPlan of(SweepSpec spec, Path dataDir, Path outDir) throws IOException {
        Experiment<?> e = Experiments.byName(spec.experiment());
        return of(e, spec, dataDir, outDir);
    }

    private static <C extends Record> SweepPlan of(Experiment<C> e, SweepSpec spec, Path dataDir, Path outDir) throws IOException {
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("--out " + outDir + ": not a directory");
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("--data-dir " + dataDir + ": not a directory");
        }
        if (spec.seeds() < 0) {
            throw new IllegalArgumentException("--seeds " + spec.seeds() + ": expected a count of seeds >= 1");
        }
        ConfigBinder<C> binder = ConfigBinder.of(e.configType());
        String subject = ExperimentRunner.subject(e);
        Path out = outDir.toAbsolutePath().normalize();
        RunOptions options = new RunOptions(dataDir == null ? null : dataDir.toAbsolutePath().normalize(), out.resolve(RUNS));

        List<Setting> fixed = new ArrayList<>();
        for (String p : spec.fixed()) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-P " + p + ": expected KEY=VALUE (see '" + subject + " --help')");
            }
            String key = p.substring(0, eq).strip();
            if (spec.grid().containsKey(key)) {
                throw new IllegalArgumentException("-P " + p + ": '" + key + "' is also swept by --grid; give it in one place");
            }
            fixed.add(Setting.param(key, p.substring(eq + 1)));
        }
        C base = binder.bind(e.defaults(), fixed, subject);

        // each swept value alone first: the error names the one value that is wrong
        for (Map.Entry<String, List<String>> g : spec.grid().entrySet()) {
            for (String v : g.getValue()) {
                List<Setting> one = new ArrayList<>(fixed);
                one.add(new Setting(g.getKey(), v, "--grid " + g.getKey() + "=" + v));
                binder.bind(e.defaults(), one, subject);
            }
        }
        List<String> seeds = new ArrayList<>();
        if (spec.seeds() > 0) {
            if (!binder.has("seed")) {
                throw new IllegalArgumentException("--seeds " + spec.seeds() + ": '" + subject + "' has no setting 'seed' to vary; sweep it"
                        + " without --seeds");
            }
            if (spec.grid().containsKey("seed")) {
                throw new IllegalArgumentException("--seeds " + spec.seeds() + " and --grid seed=...: give the seeds in one place");
            }
            long first = Long.parseLong(binder.valueText(base, "seed"));
            for (int i = 0; i < spec.seeds(); i++) {
                seeds.add(Long.toString(first + i));
            }
            fixed.removeIf(f -> f.key().equals("seed")); // -P seed=S is the first of the seeds, set per configuration
        }
        if (spec.grid().isEmpty() && seeds.isEmpty()) {
            throw new IllegalArgumentException("nothing to sweep: give --grid KEY=V1,V2,... and/or --seeds N");
        }

        List<String> keys = new ArrayList<>(spec.grid().keySet());
        List<List<String>> points = new ArrayList<>();
        points.add(List.of());
        for (List<String> values : spec.grid().values()) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> p : points) {
                for (String v : values) {
                    List<String> q = new ArrayList<>(p);
                    q.add(v);
                    next.add(q);
                }
            }
            points = next;
        }
        if (!seeds.isEmpty()) {
            keys.add("seed");
            List<List<String>> next = new ArrayList<>();
            for (List<String> p : points) {
                for (String s : seeds) {
                    List<String> q = new ArrayList<>(p);
                    q.add(s);
                    next.add(q);
                }
            }
            points = next;
        }

        List<SweepTask> tasks = new ArrayList<>();
        Map<String, String> ids = new LinkedHashMap<>();
        for (List<String> point : points) {
            List<String> k = new ArrayList<>();
            List<String> v = new ArrayList<>();
            for (Setting s : fixed) {
                k.add(s.key());
                v.add(s.value());
            }
            k.addAll(keys);
            v.addAll(point);
            String id = id(keys, point);
            if (ids.put(id, String.join(",", point)) != null) {
                throw new IllegalStateException("two configurations have the id " + id);
            }
            SweepTask t = new SweepTask(id, e.name(), k, v, keys.size(), options.outDir().toString(),
                    options.dataDir() == null ? null : options.dataDir().toString());
            ExperimentRunner.plan(e, t.settings(), t.options(), false); // the whole combination, as ml run checks it
            tasks.add(t);
        }
        return new SweepPlan(spec, out, tasks, spec.metric());
    }

    /**
     * The directory name of a configuration: {@code key=value} pairs joined by commas, characters
     * other than letters, digits and {@code . _ + - = ,} replaced by {@code _}; names longer than
     * {@value #MAX_ID} characters are cut and end in a hash of the full text.
     */
    static String id(List<String> keys, List<String> values) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            b.append(keys.get(i)).append('=').append(values.get(i));
        }
        String full = b.toString();
        String safe = full.replaceAll("[^A-Za-z0-9._+=,-]", "_");
        if (safe.length() <= MAX_ID && safe.equals(full)) {
            return safe;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(h, 0, 4);
            return safe.substring(0, Math.min(safe.length(), MAX_ID - 9)) + "~" + hash;
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
