package io.github.mlplatform.viz.graph;

import io.github.mlplatform.core.progress.Progress;

import java.util.Random;

/**
 * Fruchterman-Reingold force-directed layout (Fruchterman and Reingold 1991; constants as in
 * networkx's {@code spring_layout}): positions start in the unit square; with
 * {@code k = 1 / sqrt(n)} every pair repels with force {@code k^2 / d} and every edge attracts
 * with {@code a_e d^2 / k} ({@code a_e = |w_e| / max|w|} when weighted, else 1); each node moves
 * along its net force by {@code min(|force|, temperature)} (the paper's step), the temperature
 * falling linearly from
 * {@code temperature * extent} to 0. Distances below 0.01 count as 0.01. O(n^2) per iteration:
 * fine for the 784 pixels of MNIST.
 */
public final class ForceLayout {

    private ForceLayout() {
    }

    /** Layout from seeded random initial positions in [0, 1]^2; returns {@code n x 2}. */
    public static double[][] layout(WeightedGraph g, LayoutConfig config) {
        Random rnd = new Random(config.seed());
        double[][] p = new double[g.nodes()][2];
        for (double[] q : p) {
            q[0] = rnd.nextDouble();
            q[1] = rnd.nextDouble();
        }
        return run(g, p, config);
    }

    /**
     * Layout starting from given coordinates (e.g. the pixels' grid positions), rescaled into
     * [0, 1]^2 first; returns {@code n x 2}.
     */
    public static double[][] layout(WeightedGraph g, double[][] initial, LayoutConfig config) {
        if (initial == null || initial.length != g.nodes()) {
            throw new IllegalArgumentException("initial: expected " + g.nodes() + " positions, got "
                    + (initial == null ? "null" : initial.length));
        }
        double[][] p = new double[g.nodes()][2];
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.length; i++) {
            if (initial[i] == null || initial[i].length != 2 || !Double.isFinite(initial[i][0]) || !Double.isFinite(initial[i][1])) {
                throw new IllegalArgumentException("initial: expected 2 finite coordinates for node " + i);
            }
            minX = Math.min(minX, initial[i][0]);
            maxX = Math.max(maxX, initial[i][0]);
            minY = Math.min(minY, initial[i][1]);
            maxY = Math.max(maxY, initial[i][1]);
        }
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-12);
        for (int i = 0; i < p.length; i++) {
            p[i][0] = (initial[i][0] - minX) / span;
            p[i][1] = (initial[i][1] - minY) / span;
        }
        return run(g, p, config);
    }

    private static double[][] run(WeightedGraph g, double[][] pos, LayoutConfig c) {
        int n = g.nodes();
        double k = Math.sqrt(1.0 / n);
        double t = c.temperature() * extent(pos);
        if (t == 0) {
            t = c.temperature();
        }
        double dt = t / (c.iterations() + 1);
        double max = g.maxAbsWeight();
        double[] dx = new double[n];
        double[] dy = new double[n];
        try (Progress progress = Progress.start("force layout", c.iterations())) {
            for (int it = 0; it < c.iterations(); it++) {
                java.util.Arrays.fill(dx, 0);
                java.util.Arrays.fill(dy, 0);
                for (int i = 0; i < n; i++) {
                    double xi = pos[i][0];
                    double yi = pos[i][1];
                    for (int j = i + 1; j < n; j++) {
                        double ex = xi - pos[j][0];
                        double ey = yi - pos[j][1];
                        double d2 = Math.max(ex * ex + ey * ey, 1e-4);
                        double f = k * k / d2; // (k^2 / d) along the unit vector (e / d)
                        dx[i] += ex * f;
                        dy[i] += ey * f;
                        dx[j] -= ex * f;
                        dy[j] -= ey * f;
                    }
                }
                for (int e = 0; e < g.edges(); e++) {
                    int i = g.from()[e];
                    int j = g.to()[e];
                    double ex = pos[i][0] - pos[j][0];
                    double ey = pos[i][1] - pos[j][1];
                    double d = Math.max(Math.sqrt(ex * ex + ey * ey), 0.01);
                    double a = c.weighted() && max > 0 ? Math.abs(g.weight()[e]) / max : 1.0;
                    double f = a * d / k; // (a d^2 / k) along the unit vector (e / d)
                    dx[i] -= ex * f;
                    dy[i] -= ey * f;
                    dx[j] += ex * f;
                    dy[j] += ey * f;
                }
                for (int i = 0; i < n; i++) {
                    double len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
                    if (len > 0) {
                        double s = Math.min(len, t) / len;
                        pos[i][0] += dx[i] * s;
                        pos[i][1] += dy[i] * s;
                    }
                }
                t -= dt;
                progress.step(1);
            }
        }
        return pos;
    }

    private static double extent(double[][] p) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] q : p) {
            minX = Math.min(minX, q[0]);
            maxX = Math.max(maxX, q[0]);
            minY = Math.min(minY, q[1]);
            maxY = Math.max(maxY, q[1]);
        }
        return Math.max(maxX - minX, maxY - minY);
    }
}
