package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.util.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A gradient-trained one-layer model with its history.
 *
 * @param method      how it was trained ({@link LinearRegression.Mode} name, {@code logistic-sgd}, …)
 * @param model       the trained model (ml-core {@link Model}: predict, evaluate, save/load)
 * @param trajectory  parameters at epoch 0 … epochs
 * @param batchLosses loss of every training step, in order (the seed plots them)
 * @param executionPath how the last training step ran ({@code GraphExecutor.Execution}: {@code REPLAYED: …}
 *                    is the fast path), or null if unknown (histories saved before it was recorded)
 * @param epochSeconds  wall-clock seconds of each epoch's training steps (the first includes recording the
 *                    graph; the full-data snapshot between epochs is not counted)
 */
public record TrainedRegression(String method, Model model, List<ParameterSnapshot> trajectory, double[] batchLosses,
                                String executionPath, double[] epochSeconds) {

    public TrainedRegression {
        trajectory = List.copyOf(trajectory);
        batchLosses = batchLosses.clone();
        epochSeconds = epochSeconds == null ? new double[0] : epochSeconds.clone();
    }

    /**
     * Mean seconds per epoch after the first (which records the graph): the steady cost to compare
     * with other implementations; the first epoch's when there is only one.
     */
    public double secondsPerEpoch() {
        if (epochSeconds.length == 0) {
            return Double.NaN;
        }
        if (epochSeconds.length == 1) {
            return epochSeconds[0];
        }
        double s = 0;
        for (int e = 1; e < epochSeconds.length; e++) {
            s += epochSeconds[e];
        }
        return s / (epochSeconds.length - 1);
    }

    /** The parameters after the last epoch. */
    public ParameterSnapshot last() {
        return trajectory.get(trajectory.size() - 1);
    }

    /** The full-data loss at each snapshot. */
    public double[] epochLosses() {
        return trajectory.stream().mapToDouble(ParameterSnapshot::loss).toArray();
    }

    /** The stored history (everything except the model). */
    public record History(String method, List<ParameterSnapshot> trajectory, double[] batchLosses, String executionPath,
                          double[] epochSeconds) {
    }

    /** Writes {@code <name>.model} (the model) and {@code <name>.history.json} into {@code dir}, atomically each. */
    public void save(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        model.save(dir.resolve(name + ".model"));
        Json.write(dir.resolve(name + ".history.json"), new History(method, trajectory, batchLosses, executionPath, epochSeconds));
    }

    /** Reads what {@link #save} wrote. */
    public static TrainedRegression load(Path dir, String name) throws IOException {
        Model m = Model.load(dir.resolve(name + ".model"));
        History h = Json.read(dir.resolve(name + ".history.json"), History.class);
        return new TrainedRegression(h.method(), m, h.trajectory(), h.batchLosses(), h.executionPath(), h.epochSeconds());
    }

    @Override
    public String toString() {
        return "TrainedRegression(" + method + ", epochs=" + (trajectory.size() - 1) + ", last loss "
                + (trajectory.isEmpty() ? Double.NaN : last().loss()) + ", steps " + batchLosses.length + ")";
    }
}
