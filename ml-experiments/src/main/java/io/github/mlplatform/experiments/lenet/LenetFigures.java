package io.github.mlplatform.experiments.lenet;

import io.github.mlplatform.viz.chart.Heatmap;
import io.github.mlplatform.viz.chart.HeatmapStyle;
import io.github.mlplatform.viz.image.Colormap;

import java.io.IOException;
import java.nio.file.Path;

/** Pictures of the LeNet run. */
final class LenetFigures {

    private LenetFigures() {
    }

    /**
     * The confusion matrix as a heatmap (rows actual, columns predicted), on a log scale so the
     * few errors are visible beside the large diagonal: cell value log10(1 + count).
     */
    static void confusion(Path file, long[][] confusion) throws IOException {
        double[][] m = new double[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            m[i] = new double[confusion[i].length];
            for (int j = 0; j < confusion[i].length; j++) {
                m[i][j] = Math.log10(1 + confusion[i][j]);
            }
        }
        Heatmap.write(file, m, HeatmapStyle.diverging().withColormap(Colormap.GREYS).withNorm(HeatmapStyle.Norm.LINEAR)
                .withCellSize(24).withTitle("confusion (log10(1+count)); rows actual, columns predicted"));
    }
}
