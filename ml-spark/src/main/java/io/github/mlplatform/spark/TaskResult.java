package io.github.mlplatform.spark;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one configuration of a sweep came to, as the driver gathers it.
 *
 * @param id          the configuration ({@link SweepTask#id()})
 * @param params      its swept parameters: key → value as typed
 * @param status      {@code finished} or {@code failed}
 * @param runDir      absolute path of its run directory, or null when none was created
 * @param finalJson   the run's final metrics as a JSON object text ({@code {}} when none)
 * @param error       the failure in one line, or null
 * @param seconds     wall time of the task in seconds (0 for a reused run)
 * @param worker      host:pid of the JVM that ran it
 * @param reused      true when an earlier finished run of the same config was taken instead of running again
 */
public record TaskResult(String id, Map<String, String> params, String status, String runDir, String finalJson, String error,
                         double seconds, String worker, boolean reused) implements Serializable {

    private static final long serialVersionUID = 1L;

    public TaskResult {
        params = new LinkedHashMap<>(params);
    }

    /** The result recorded in a run directory (its status, final metrics and error note). */
    static TaskResult of(SweepTask task, Path runDir, boolean reused, double seconds, String worker) {
        String status = "failed";
        String finals = "{}";
        String error = null;
        try {
            JsonNode m = Json.read(runDir.resolve(RunRecord.METRICS));
            status = m.path("status").asText("failed");
            finals = Json.mapper().writeValueAsString(m.path("final"));
            if (m.path("notes").has("error")) {
                error = m.path("notes").path("error").asText();
            }
        } catch (Exception ex) {
            error = "cannot read " + runDir.resolve(RunRecord.METRICS) + ": " + Errors.oneLine(ex);
        }
        return new TaskResult(task.id(), task.params(), status, runDir.toString(), finals, error, seconds, worker, reused);
    }

    /** A configuration that failed; {@code runDir} may be null when it failed before its run directory existed. */
    static TaskResult failed(SweepTask task, Path runDir, String error, double seconds, String worker) {
        return new TaskResult(task.id(), task.params(), "failed", runDir == null ? null : runDir.toString(), "{}", error, seconds,
                worker, false);
    }

    /** True when the configuration finished. */
    public boolean finished() {
        return "finished".equals(status);
    }

    /** The final metrics. */
    public JsonNode finals() {
        try {
            return Json.mapper().readTree(finalJson);
        } catch (Exception ex) {
            return Json.mapper().createObjectNode();
        }
    }

    /** A final metric as a number, or NaN when absent or not a number. */
    public double metric(String key) {
        JsonNode v = finals().get(key);
        return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
