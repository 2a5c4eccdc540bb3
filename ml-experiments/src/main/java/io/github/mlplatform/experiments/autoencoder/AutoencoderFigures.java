package io.github.mlplatform.experiments.autoencoder;

import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.ImageFiles;
import io.github.mlplatform.viz.image.Mosaic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Pictures of the autoencoder run. */
final class AutoencoderFigures {

    private AutoencoderFigures() {
    }

    /**
     * Originals above their reconstructions: row 1 the test digits, row 2 what the autoencoder makes
     * of them, one column per digit. Both rows on the same fixed scale, 0 white to 1 black (the
     * seed's {@code gray_r}); reconstructed values outside [0, 1] are clipped for the picture.
     *
     * @param originals       rows of 784 pixels in [0, 1]
     * @param reconstructions the model's outputs for the same digits, same layout
     */
    static void reconstructions(Path file, double[][] originals, double[][] reconstructions) throws IOException {
        int n = originals.length;
        double[][] tiles = new double[2 * n][];
        for (int i = 0; i < n; i++) {
            tiles[i] = clip(originals[i]);
            tiles[n + i] = clip(reconstructions[i]);
        }
        GridStyle style = GridStyle.images().withRange(0, 1).withScale(3).withSeparator(2, 0x808080);
        ImageFiles.write(Mosaic.grid(tiles, Autoencoder.SIDE, Autoencoder.SIDE, n, false, style), file);
    }

    private static double[] clip(double[] v) {
        return Arrays.stream(v).map(x -> Math.max(0, Math.min(1, x))).toArray();
    }

    /**
     * The seed's picture: the t-SNE map of the test digits' 32-d codes, one colour per digit class,
     * with a legend ({@code plt.scatter(*tsne.T, c=labels)}).
     */
    static void tsne(Path file, double[][] map, int[] labels, String title) throws IOException {
        Charts.write(Charts.scatter(title, map, labels, null, ChartStyle.defaults().withSize(900, 800)), file);
    }

    /**
     * Reconstruction MSE per pixel by epoch: the training loss (the mean over the epoch's batches,
     * while the weights changed), the test set's after the epoch, and the test MSE of predicting
     * every digit as the training set's mean image (a flat line: what a model that ignored its input
     * would reach). Linear scale (a log axis over less than a decade shows no tick labels).
     */
    static void losses(Path file, double[] epochs, double[] train, double[] testEpochs, double[] test, double meanImageMse)
            throws IOException {
        List<Series> s = new ArrayList<>();
        s.add(new Series("train (mean over the epoch)", epochs, train));
        if (test.length > 0) {
            s.add(new Series("test (after the epoch)", testEpochs, test));
        }
        double[] flat = new double[epochs.length];
        Arrays.fill(flat, meanImageMse);
        s.add(new Series(String.format(Locale.ROOT, "test, predicting the mean image (%.4f)", meanImageMse), epochs, flat));
        Charts.write(Charts.line("reconstruction MSE per pixel", "epoch", "MSE", s,
                ChartStyle.defaults().withSize(720, 420).withMarkers(true)), file);
    }
}
