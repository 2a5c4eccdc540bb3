package io.github.mlplatform.viz.chart;

/**
 * One named line of a line chart: {@code y[i]} at {@code x[i]}.
 *
 * @param name legend text
 * @param x    abscissae (e.g. epochs)
 * @param y    ordinates, same length as x
 */
public record Series(String name, double[] x, double[] y) {

    public Series {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Series.name: expected a non-empty name");
        }
        if (x == null || y == null || x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "': expected x and y of the same non-zero length, got "
                    + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
        x = x.clone();
        y = y.clone();
    }

    /** y against 1, 2, ..., n (epochs counted from 1). */
    public static Series of(String name, double[] y) {
        double[] x = new double[y == null ? 0 : y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        return new Series(name, x, y);
    }
}
