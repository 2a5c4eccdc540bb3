package io.github.mlplatform.viz.chart;

/**
 * Size and options of an XChart chart.
 *
 * @param width   picture width in pixels
 * @param height  picture height in pixels
 * @param logY    logarithmic y axis (every value must then be positive)
 * @param markers draw a marker at every point of a line chart
 * @param legend  show the legend
 */
public record ChartStyle(int width, int height, boolean logY, boolean markers, boolean legend) {

    public ChartStyle {
        if (width < 50 || height < 50 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("ChartStyle: expected width and height in 50..10000, got "
                    + width + " x " + height);
        }
    }

    /** 800 x 500, linear axes, markers, legend. */
    public static ChartStyle defaults() {
        return new ChartStyle(800, 500, false, true, true);
    }

    public ChartStyle withSize(int w, int h) {
        return new ChartStyle(w, h, logY, markers, legend);
    }

    public ChartStyle withLogY(boolean on) {
        return new ChartStyle(width, height, on, markers, legend);
    }

    public ChartStyle withMarkers(boolean on) {
        return new ChartStyle(width, height, logY, on, legend);
    }

    public ChartStyle withLegend(boolean on) {
        return new ChartStyle(width, height, logY, markers, on);
    }
}
