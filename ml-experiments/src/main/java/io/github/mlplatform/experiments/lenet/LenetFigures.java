package io.github.mlplatform.experiments.lenet;

import java.io.IOException;
import java.nio.file.Path;

/** Pictures of the LeNet run. */
final class LenetFigures {

    private LenetFigures() {
    }

    /** The confusion matrix as a heatmap (rows actual, columns predicted). */
    static void confusion(Path file, long[][] confusion) throws IOException {
        double[][] m = new double[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            m[i] = new double[confusion[i].length];
            for (int j = 0; j < confusion[i].length; j++) {
                m[i][j] = confusion[i][j];
            }
        }
        // filled in once ml-viz's heatmap API is settled
    }
}
