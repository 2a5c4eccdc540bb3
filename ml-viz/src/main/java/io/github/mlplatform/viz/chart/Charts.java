package io.github.mlplatform.viz.chart;

import io.github.mlplatform.core.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Line, scatter and bar charts with <a href="https://knowm.org/open-source/xchart/">XChart</a>
 * 3.8.8, written headless to PNG ({@link BitmapEncoder}) or SVG ({@link VectorGraphicsEncoder}).
 *
 * <p>Why XChart: it is maintained, Apache-2.0, small, draws with plain Java2D (so it works with
 * {@code java.awt.headless=true} and needs no display), and exports PNG and SVG itself. Its SVG
 * export uses VectorGraphics2D 0.13 (LGPL-3.0), which XChart's POM already brings in as a
 * compile dependency, so ml-viz adds nothing for SVG. (JFreeChart, LGPL, needs JFreeSVG for SVG;
 * Tablesaw/Plotly produce HTML+JS, not files.)
 *
 * <p>The seeds plot loss / accuracy per epoch ({@link #line}), a t-SNE of encoded digits coloured
 * by class ({@link #scatter}) and bar comparisons ({@link #bar}). Heat maps of big matrices are
 * drawn pixel by pixel by {@link Heatmap}, not XChart (its HeatMapChart is slow at 784 x 784).
 */
public final class Charts {

    /** matplotlib's "tab10" colours, for classes and series. */
    public static final int[] TAB10 = {0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2,
        0x7F7F7F, 0xBCBD22, 0x17BECF};

    private Charts() {
    }

    /** The colour of series / class {@code i} (tab10, then golden-angle hues beyond 10). */
    public static Color color(int i) {
        if (i >= 0 && i < TAB10.length) {
            return new Color(TAB10[i]);
        }
        float hue = (float) ((i * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.65f, 0.85f);
    }

    /** A line chart of several series (e.g. train and test loss per epoch). */
    public static XYChart line(String title, String xLabel, String yLabel, List<Series> series, ChartStyle style) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series: expected at least one series for chart '" + title + "'");
        }
        XYChart chart = new XYChartBuilder().width(style.width()).height(style.height())
                .title(nz(title)).xAxisTitle(nz(xLabel)).yAxisTitle(nz(yLabel)).build();
        common(chart.getStyler(), style);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setYAxisLogarithmic(style.logY());
        chart.getStyler().setMarkerSize(style.markers() ? 6 : 0);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            if (names.contains(s.name())) {
                throw new IllegalArgumentException("series: name '" + s.name() + "' appears twice in chart '" + title + "'");
            }
            names.add(s.name());
            for (int j = 0; j < s.y().length; j++) {
                double v = s.y()[j];
                if (!Double.isFinite(v) || !Double.isFinite(s.x()[j])) {
                    throw new IllegalArgumentException("series '" + s.name() + "': point " + j + " is not finite ("
                            + s.x()[j] + ", " + v + ")");
                }
                if (style.logY() && v <= 0) {
                    throw new IllegalArgumentException("series '" + s.name() + "': log y axis needs positive values, point "
                            + j + " is " + v);
                }
            }
            XYSeries xs = chart.addSeries(s.name(), s.x(), s.y());
            xs.setLineColor(color(i));
            xs.setMarkerColor(color(i));
            xs.setMarker(style.markers() ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        }
        return chart;
    }

    /**
     * A scatter plot of a 2-D embedding ({@code n x 2}) with one colour per class and a legend
     * (the seed's t-SNE of encoded MNIST digits). {@code classNames} may be null (then "0", "1", ...).
     */
    public static XYChart scatter(String title, double[][] xy, int[] labels, String[] classNames, ChartStyle style) {
        if (xy == null || xy.length == 0) {
            throw new IllegalArgumentException("xy: expected at least one point");
        }
        if (labels == null || labels.length != xy.length) {
            throw new IllegalArgumentException("labels: expected " + xy.length + " labels (one per point), got "
                    + (labels == null ? "null" : labels.length));
        }
        int classes = 0;
        for (int i = 0; i < xy.length; i++) {
            if (xy[i] == null || xy[i].length != 2) {
                throw new IllegalArgumentException("xy: expected 2 coordinates per point, point " + i + " has "
                        + (xy[i] == null ? "none" : xy[i].length));
            }
            if (labels[i] < 0) {
                throw new IllegalArgumentException("labels: expected labels >= 0, point " + i + " has " + labels[i]);
            }
            classes = Math.max(classes, labels[i] + 1);
        }
        if (classNames != null && classNames.length < classes) {
            throw new IllegalArgumentException("classNames: expected at least " + classes + " names, got " + classNames.length);
        }
        XYChart chart = new XYChartBuilder().width(style.width()).height(style.height()).title(nz(title)).build();
        common(chart.getStyler(), style);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(xy.length > 2000 ? 3 : 5);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int[] counts = new int[classes];
        for (int l : labels) {
            counts[l]++;
        }
        for (int c = 0; c < classes; c++) {
            if (counts[c] == 0) {
                continue;
            }
            double[] xs = new double[counts[c]];
            double[] ys = new double[counts[c]];
            int k = 0;
            for (int i = 0; i < xy.length; i++) {
                if (labels[i] == c) {
                    xs[k] = xy[i][0];
                    ys[k] = xy[i][1];
                    k++;
                }
            }
            String name = classNames == null ? Integer.toString(c) : classNames[c];
            XYSeries s = chart.addSeries(name, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(color(c));
        }
        return chart;
    }

    /** A grouped bar chart: one bar per category and series (e.g. accuracy per activation). */
    public static CategoryChart bar(String title, String xLabel, String yLabel, List<String> categories,
                                    Map<String, double[]> series, ChartStyle style) {
        if (categories == null || categories.isEmpty()) {
            throw new IllegalArgumentException("categories: expected at least one category for chart '" + title + "'");
        }
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series: expected at least one series for chart '" + title + "'");
        }
        CategoryChart chart = new CategoryChartBuilder().width(style.width()).height(style.height())
                .title(nz(title)).xAxisTitle(nz(xLabel)).yAxisTitle(nz(yLabel)).build();
        common(chart.getStyler(), style);
        chart.getStyler().setYAxisLogarithmic(style.logY());
        chart.getStyler().setLegendVisible(style.legend() && series.size() > 1);
        int i = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            double[] v = e.getValue();
            if (v == null || v.length != categories.size()) {
                throw new IllegalArgumentException("series '" + e.getKey() + "': expected " + categories.size()
                        + " values (one per category), got " + (v == null ? "null" : v.length));
            }
            List<Double> values = new ArrayList<>();
            for (double d : v) {
                values.add(d);
            }
            chart.addSeries(e.getKey(), categories, values).setFillColor(color(i++));
        }
        return chart;
    }

    /**
     * Writes a chart atomically as PNG or SVG, chosen by the extension of {@code file}; returns
     * {@code file}.
     */
    public static Path write(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } else if (name.endsWith(".svg")) {
            AtomicFiles.write(file, out -> VectorGraphicsEncoder.saveVectorGraphic(chart, out,
                    VectorGraphicsEncoder.VectorGraphicsFormat.SVG));
        } else {
            throw new IllegalArgumentException("chart file '" + file + "': expected extension .png or .svg");
        }
        return file;
    }

    private static void common(Styler styler, ChartStyle style) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendVisible(style.legend());
        styler.setAntiAlias(true);
        styler.setChartTitleBoxVisible(false);
        styler.setPlotBorderColor(Color.DARK_GRAY);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler a) {
            a.setPlotGridLinesColor(new Color(0xDDDDDD));
            a.setAxisTickLabelsColor(Color.DARK_GRAY);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
