package io.github.mlplatform.experiments.staged;

import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Pictures of the staged run (the seed drew none; these show its claim and its control). */
final class StagedFigures {

    private StagedFigures() {
    }

    /**
     * {@code accuracy-by-stage.png}: test accuracy (%) after each stage (x = stage = branches so
     * far), and the control's final accuracy as a flat line at the height it reached with all
     * branches trained jointly for the same total epochs.
     */
    static void accuracyByStage(Path file, List<StagedExperiment.Stage> stages, StagedExperiment.Stage control) throws IOException {
        double[] x = new double[stages.size()];
        double[] y = new double[stages.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = stages.get(i).stage();
            y[i] = 100 * stages.get(i).testAccuracy();
        }
        List<Series> series = new ArrayList<>();
        series.add(new Series("staged: after each stage", x, y));
        if (control != null) {
            double[] c = new double[x.length];
            java.util.Arrays.fill(c, 100 * control.testAccuracy());
            series.add(new Series("control: final network trained jointly", x, c));
        }
        Charts.write(Charts.line("test accuracy after each stage", "stage (branches)", "test accuracy (%)", series,
                ChartStyle.defaults()), file);
    }

    /** {@code test-accuracy-per-epoch.png}: test accuracy (%) after every epoch, staged (stage by stage) and control. */
    static void curves(Path file, List<Map<String, Object>> epochs) throws IOException {
        List<Series> series = new ArrayList<>();
        series.add(series(epochs, "test_accuracy", "staged"));
        if (!epochs.isEmpty() && epochs.get(0).containsKey("control_test_accuracy")) {
            series.add(series(epochs, "control_test_accuracy", "control (joint)"));
        }
        Charts.write(Charts.line("test accuracy per epoch", "epoch", "test accuracy (%)", series, ChartStyle.defaults()), file);
    }

    private static Series series(List<Map<String, Object>> epochs, String key, String name) {
        double[] x = new double[epochs.size()];
        double[] y = new double[epochs.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = ((Number) epochs.get(i).get("epoch")).doubleValue();
            y[i] = 100 * ((Number) epochs.get(i).get(key)).doubleValue();
        }
        return new Series(name, x, y);
    }
}
