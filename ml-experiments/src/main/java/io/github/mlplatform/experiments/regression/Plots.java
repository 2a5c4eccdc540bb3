package io.github.mlplatform.experiments.regression;

import io.github.mlplatform.viz.chart.Charts;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Small additions to ml-viz charts shared by the regression experiments: data crosses, reference lines, CSV files. */
final class Plots {

    private Plots() {
    }

    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    /** Points drawn as crosses (the seed's {@code 'xk'}). */
    static XYSeries crosses(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CROSS);
        s.setMarkerColor(color);
        return s;
    }

    /** A line without markers, dashed if asked. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color, boolean dashed) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(color);
        s.setMarker(SeriesMarkers.NONE);
        if (dashed) {
            s.setLineStyle(DASHED);
        }
        return s;
    }

    /** A horizontal reference line at {@code y} from {@code x0} to {@code x1}. */
    static XYSeries level(XYChart chart, String name, double x0, double x1, double y, Color color) {
        return line(chart, name, new double[] {x0, x1}, new double[] {y, y}, color, true);
    }

    static Color color(int i) {
        return Charts.color(i);
    }

    /** Writes columns of equal length as CSV with a header line (full double precision). */
    static void csv(Path file, String[] header, double[]... columns) throws IOException {
        StringBuilder sb = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < columns[0].length; i++) {
            for (int j = 0; j < columns.length; j++) {
                sb.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.17g", columns[j][i]));
            }
            sb.append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, sb.toString());
    }

    /** {@code 1}, {@code 2.5} → key part {@code m1}, {@code m2p5}. */
    static String powerKey(double m) {
        return m == Math.rint(m) ? "m" + (long) m : "m" + Double.toString(m).replace('.', 'p');
    }
}
