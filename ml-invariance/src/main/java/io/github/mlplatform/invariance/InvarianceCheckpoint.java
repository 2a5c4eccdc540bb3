package io.github.mlplatform.invariance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.core.util.Json;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint of {@link InvarianceTrainer}: the exact state of both layers (weights in their stored
 * precision, EMA state o, step counters) and the trainer's position and running sums, in one binary
 * file written atomically (temp file + rename, {@link AtomicFiles}). Nothing random happens after
 * initialisation (frames are replayed in order), so there is no RNG state to keep. Resuming from it
 * gives bit-for-bit the weights of an uninterrupted run.
 *
 * <p>Layout: magic {@code MLINV001}, a JSON header (implementation, precision, configs, position,
 * frames fingerprint, history), the epoch's winner set, then {@link InvarianceModel#writeState}.
 */
public final class InvarianceCheckpoint {

    private static final long MAGIC = 0x4D4C494E56303031L; // "MLINV001"

    /**
     * The trainer's position and running sums.
     *
     * @param epoch             0-based epoch the next step belongs to
     * @param step              0-based index of the next step within that epoch
     * @param totalSteps        learning steps done so far
     * @param stepsPerEpoch     steps per epoch of the run
     * @param framesFingerprint {@link InvarianceTrainer#fingerprint} of the epoch's frames
     * @param sqErrSum          running sum of the epoch's squared reconstruction errors
     * @param vSqSum            running sum of the epoch's squared inputs
     * @param epochSeconds      wall time spent in the current epoch so far
     * @param won               per sparse neuron: won at least once in the current epoch
     * @param history           metrics of the finished epochs
     */
    public record State(int epoch, int step, long totalSteps, int stepsPerEpoch, long framesFingerprint,
                        double sqErrSum, double vSqSum, double epochSeconds, boolean[] won,
                        List<EpochMetrics> history) {
    }

    private InvarianceCheckpoint() {
    }

    /** Writes {@code model} and {@code state} to {@code file} atomically. */
    public static void write(Path file, InvarianceModel model, State state) throws IOException {
        ObjectNode h = Json.mapper().createObjectNode();
        h.put("format", 1);
        h.put("implementation", model.sparse().implementation());
        h.put("precision", model.sparse().precision().name());
        h.set("sparseConfig", Json.mapper().valueToTree(model.sparse().config()));
        h.set("invariantConfig", Json.mapper().valueToTree(model.invariant().config()));
        h.put("epoch", state.epoch());
        h.put("step", state.step());
        h.put("totalSteps", state.totalSteps());
        h.put("stepsPerEpoch", state.stepsPerEpoch());
        h.put("framesFingerprint", state.framesFingerprint());
        h.put("sqErrSum", state.sqErrSum());
        h.put("vSqSum", state.vSqSum());
        h.put("epochSeconds", state.epochSeconds());
        h.set("history", Json.mapper().valueToTree(state.history()));
        byte[] header = Json.mapper().writeValueAsBytes(h);
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            out.writeLong(MAGIC);
            out.writeInt(header.length);
            out.write(header);
            out.writeInt(state.won().length);
            for (boolean b : state.won()) {
                out.writeBoolean(b);
            }
            model.writeState(out);
            out.flush();
        });
    }

    /**
     * Reads {@code file} into {@code model} and returns the trainer state. The model must be of the
     * same implementation, precision and configuration as the one that wrote it.
     */
    public static State read(Path file, InvarianceModel model) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("checkpoint not found: " + file);
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != MAGIC) {
                throw new IOException(file + ": not an invariance checkpoint (bad magic number)");
            }
            int len = in.readInt();
            if (len < 2 || len > (64 << 20)) {
                throw new IOException(file + ": corrupt checkpoint header length " + len);
            }
            byte[] header = new byte[len];
            in.readFully(header);
            JsonNode h = Json.mapper().readTree(new String(header, StandardCharsets.UTF_8));
            expect(file, "implementation", h.path("implementation").asText(), model.sparse().implementation());
            expect(file, "precision", h.path("precision").asText(), model.sparse().precision().name());
            MwtaConfig sc = Json.mapper().treeToValue(h.get("sparseConfig"), MwtaConfig.class);
            EmaInvariantConfig ic = Json.mapper().treeToValue(h.get("invariantConfig"), EmaInvariantConfig.class);
            expect(file, "sparseConfig", sc.toString(), model.sparse().config().toString());
            expect(file, "invariantConfig", ic.toString(), model.invariant().config().toString());
            int n = in.readInt();
            if (n != model.sparse().config().neurons()) {
                throw new IOException(file + ": winner set of " + n + " neurons, expected " + model.sparse().config().neurons());
            }
            boolean[] won = new boolean[n];
            for (int i = 0; i < n; i++) {
                won[i] = in.readBoolean();
            }
            model.readState(in);
            List<EpochMetrics> history = new ArrayList<>();
            for (JsonNode e : h.path("history")) {
                history.add(Json.mapper().treeToValue(e, EpochMetrics.class));
            }
            return new State(h.path("epoch").asInt(), h.path("step").asInt(), h.path("totalSteps").asLong(),
                    h.path("stepsPerEpoch").asInt(), h.path("framesFingerprint").asLong(), h.path("sqErrSum").asDouble(),
                    h.path("vSqSum").asDouble(), h.path("epochSeconds").asDouble(), won, history);
        }
    }

    private static void expect(Path file, String field, String found, String expected) throws IOException {
        if (!found.equals(expected)) {
            throw new IOException(file + ": checkpoint " + field + " is " + found + ", but the model has " + expected);
        }
    }
}
