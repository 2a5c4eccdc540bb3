package io.github.mlplatform.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.util.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The record of one run, answering "what produced this number". A run lives in
 * {@code <out>/<experiment>/<timestamp>/} and holds:
 * <ul>
 *   <li>{@code config.json}: the configuration the run used;</li>
 *   <li>{@code environment.json}: backend, threads, versions, machine;</li>
 *   <li>{@code metrics.json}: {@code {"experiment", "status", "epochs": [{...}], "final": {...}, "notes": {...}}};</li>
 *   <li>{@code figures/}: every picture of the run (PNG, SVG, GIF);</li>
 *   <li>{@code summary.txt}: the one-screen summary printed at the end;</li>
 *   <li>the model and checkpoints, under names the experiment chooses.</li>
 * </ul>
 * Every file is written atomically, so a killed run leaves only whole files behind.
 */
public final class RunRecord {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecord.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    public static final String CONFIG = "config.json";
    public static final String ENVIRONMENT = "environment.json";
    public static final String METRICS = "metrics.json";
    public static final String SUMMARY = "summary.txt";
    public static final String FIGURES = "figures";

    private final Path dir;
    private final ObjectNode metrics;

    private RunRecord(Path dir, ObjectNode metrics) {
        this.dir = dir;
        this.metrics = metrics;
    }

    /**
     * Starts a new run directory {@code outRoot/experiment/<UTC timestamp>} and writes its
     * environment. The experiment writes its config with {@link #writeConfig} once it has resolved
     * its defaults.
     *
     * <p>The directory is claimed atomically ({@link Files#createDirectory} fails when it exists), so
     * runs started in the same second, in one JVM or in several, never share a directory: the second
     * gets {@code <timestamp>-2}, the third {@code <timestamp>-3}, and so on.
     *
     * @throws IOException also when {@code outRoot} or {@code outRoot/experiment} exists but is not a directory
     */
    public static RunRecord create(Path outRoot, String experiment, Map<String, Object> environment)
            throws IOException {
        return create(outRoot, experiment, environment, Clock.systemUTC());
    }

    /** {@link #create(Path, String, Map)} with the time taken from {@code clock} (tests start runs "in the same second"). */
    public static RunRecord create(Path outRoot, String experiment, Map<String, Object> environment, Clock clock)
            throws IOException {
        Path base = outRoot.resolve(experiment);
        if (Files.exists(outRoot) && !Files.isDirectory(outRoot)) {
            throw new FileSystemException(outRoot.toString(), null, "not a directory");
        }
        Files.createDirectories(base);
        LocalDateTime now = LocalDateTime.now(clock.withZone(ZoneOffset.UTC));
        Path dir = claim(base, now.format(STAMP));
        Files.createDirectories(dir.resolve(FIGURES));
        ObjectNode m = Json.mapper().createObjectNode();
        m.put("experiment", experiment);
        m.put("status", "running");
        m.put("started", now + "Z");
        m.putArray("epochs");
        m.putObject("final");
        m.putObject("notes");
        RunRecord r = new RunRecord(dir, m);
        Json.write(dir.resolve(ENVIRONMENT), environment);
        r.flush();
        LOG.info("run directory: {}", dir);
        return r;
    }

    /** Creates {@code base/stamp}, or {@code base/stamp-2}, {@code -3}, ... whichever is free first; atomic. */
    private static Path claim(Path base, String stamp) throws IOException {
        for (int i = 1; i < 100_000; i++) {
            Path dir = base.resolve(i == 1 ? stamp : stamp + "-" + i);
            try {
                return Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // taken by another run started in the same second: try the next suffix
            }
        }
        throw new IOException("could not claim a run directory " + base.resolve(stamp) + "-N: all suffixes are taken");
    }

    /** Re-opens an existing run directory (to resume it or to add to it). */
    public static RunRecord open(Path dir) throws IOException {
        Path metricsFile = dir.resolve(METRICS);
        if (!Files.isRegularFile(metricsFile)) {
            throw new IOException("not a run directory (no " + METRICS + "): " + dir);
        }
        JsonNode node = Json.read(metricsFile);
        if (!(node instanceof ObjectNode obj)) {
            throw new IOException(metricsFile + ": expected a JSON object");
        }
        Files.createDirectories(dir.resolve(FIGURES));
        return new RunRecord(dir, obj);
    }

    /** The newest run directory of an experiment below {@code outRoot}, if any. */
    public static Optional<Path> latest(Path outRoot, String experiment) throws IOException {
        return latest(outRoot, experiment, p -> true);
    }

    /**
     * The newest run directory of an experiment below {@code outRoot} that {@code accept}s (e.g. one
     * that has a checkpoint), if any. "Newest" is by start time, then by the {@code -N} suffix of runs
     * started in the same second.
     */
    public static Optional<Path> latest(Path outRoot, String experiment, Predicate<Path> accept) throws IOException {
        Path base = outRoot.resolve(experiment);
        if (!Files.isDirectory(base)) {
            return Optional.empty();
        }
        try (var s = Files.list(base)) {
            return s.filter(p -> Files.isRegularFile(p.resolve(METRICS)))
                    .filter(accept)
                    .max(NEWEST_LAST);
        }
    }

    /** Orders run directory names {@code yyyyMMdd-HHmmss[-N]} by time, then by N (no suffix = 1). */
    static final Comparator<Path> NEWEST_LAST = Comparator
            .comparing((Path p) -> stampOf(p.getFileName().toString()))
            .thenComparingLong(p -> suffixOf(p.getFileName().toString()))
            .thenComparing(p -> p.getFileName().toString());

    private static String stampOf(String name) {
        return name.length() >= 15 ? name.substring(0, 15) : name;
    }

    private static long suffixOf(String name) {
        if (name.length() > 16 && name.charAt(15) == '-') {
            try {
                return Long.parseLong(name.substring(16));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 1;
    }

    /** Writes the configuration the run uses (a record or map) to {@code config.json}. */
    public void writeConfig(Object config) {
        try {
            Json.write(dir.resolve(CONFIG), config);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(CONFIG), e);
        }
    }

    public Path dir() {
        return dir;
    }

    public Path figuresDir() {
        return dir.resolve(FIGURES);
    }

    /** A path inside the run directory. */
    public Path file(String name) {
        return dir.resolve(name);
    }

    /** Appends one epoch's metrics (e.g. {@code epoch, train_loss, test_accuracy}) and saves. */
    public synchronized void addEpoch(Map<String, ?> epochMetrics) {
        ((ArrayNode) metrics.get("epochs")).add(Json.mapper().valueToTree(epochMetrics));
        flushUnchecked();
    }

    /** Drops the epochs after {@code epoch} (a resumed run repeats them). */
    public synchronized void truncateEpochs(int epoch) {
        ArrayNode epochs = (ArrayNode) metrics.get("epochs");
        for (int i = epochs.size() - 1; i >= 0; i--) {
            JsonNode e = epochs.get(i);
            if (e.has("epoch") && e.get("epoch").asInt() > epoch) {
                epochs.remove(i);
            }
        }
        flushUnchecked();
    }

    /** Sets one final metric and saves. */
    public synchronized void putFinal(String key, Object value) {
        ((ObjectNode) metrics.get("final")).set(key, Json.mapper().valueToTree(value));
        flushUnchecked();
    }

    /** Records a fact about the run that is not a metric (e.g. "data": "embedded sample"). */
    public synchronized void note(String key, Object value) {
        ((ObjectNode) metrics.get("notes")).set(key, Json.mapper().valueToTree(value));
        flushUnchecked();
    }

    /** Marks the run finished (or failed) and saves. */
    public synchronized void finish(String status) {
        metrics.put("status", status);
        metrics.put("finished", LocalDateTime.now(ZoneOffset.UTC).toString() + "Z");
        flushUnchecked();
    }

    /** The metrics document as it stands. */
    public synchronized JsonNode metrics() {
        return metrics.deepCopy();
    }

    /** Final metrics as a map, in insertion order. */
    public synchronized Map<String, Object> finalMetrics() {
        Map<String, Object> out = new LinkedHashMap<>();
        metrics.get("final").fields().forEachRemaining(e -> out.put(e.getKey(), Json.mapper().convertValue(e.getValue(), Object.class)));
        return out;
    }

    /** Writes {@code summary.txt} and returns its text. */
    public String writeSummary(String text) {
        AtomicFiles.writeStringUnchecked(dir.resolve(SUMMARY), text);
        return text;
    }

    private void flush() throws IOException {
        Json.write(dir.resolve(METRICS), metrics);
    }

    private void flushUnchecked() {
        try {
            flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(METRICS), e);
        }
    }
}
