package io.github.mlplatform.experiments.topology;

import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;
import io.github.mlplatform.viz.chart.Heatmap;
import io.github.mlplatform.viz.chart.HeatmapStyle;
import io.github.mlplatform.viz.chart.Series;
import io.github.mlplatform.viz.graph.ForceLayout;
import io.github.mlplatform.viz.graph.GraphDrawing;
import io.github.mlplatform.viz.graph.GraphStyle;
import io.github.mlplatform.viz.graph.LayoutConfig;
import io.github.mlplatform.viz.graph.WeightedGraph;
import io.github.mlplatform.viz.image.Colormap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pictures of the topology run. Colours follow the seed's figure: positive weights blue, negative
 * red (matplotlib's "bwr" reversed), white at 0, symmetric around 0.
 */
final class TopologyFigures {

    /** Blue for positive, red for negative, as the seed drew its weights. */
    static final Colormap POSITIVE_BLUE = Colormap.BWR.reversed();

    private TopologyFigures() {
    }

    /**
     * The weights as a heat map, clipped to ±{@code clip} so that a few large values (the identity
     * objective's diagonal) do not wash out the rest.
     */
    static void weights(Path file, double[][] w, double clip, int cellSize, String title) throws IOException {
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            c[i] = new double[w[i].length];
            for (int j = 0; j < w[i].length; j++) {
                c[i][j] = Math.max(-clip, Math.min(clip, w[i][j]));
            }
        }
        Heatmap.write(file, c, HeatmapStyle.diverging().withColormap(POSITIVE_BLUE).withCellSize(cellSize).withTitle(title));
    }

    /** The block of {@code w} for the pixels of image rows {@code fromRow .. toRow} (inclusive). */
    static double[][] rows(double[][] w, int fromRow, int toRow, int side) {
        int from = fromRow * side;
        int to = (toRow + 1) * side;
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = Arrays.copyOfRange(w[i], from, to);
        }
        return out;
    }

    /** The largest |value| off the diagonal at the given quantile (e.g. 0.999). */
    static double quantileAbsOffDiagonal(double[][] w, double q) {
        int n = w.length;
        double[] v = new double[n * (n - 1)];
        int c = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    v[c++] = Math.abs(w[i][j]);
                }
            }
        }
        Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.floor(q * (v.length - 1)))];
    }

    /** The mean link by offset (dy, dx) as a small heat map, one cell per offset. */
    static void offsetProfile(Path file, double[][] profile) throws IOException {
        double[][] p = new double[profile.length][];
        for (int i = 0; i < profile.length; i++) {
            p[i] = profile[i].clone();
            for (int j = 0; j < p[i].length; j++) {
                if (Double.isNaN(p[i][j])) {
                    p[i][j] = 0;
                }
            }
        }
        Heatmap.write(file, p, HeatmapStyle.diverging().withColormap(POSITIVE_BLUE).withCellSize(44)
                .withTitle("mean link by offset (dy down, dx right)"));
    }

    /**
     * The mean link along the vertical (dx = 0) and horizontal (dy = 0) axes at distance 1..radius,
     * for each named matrix (e.g. trained and least-squares optimum).
     */
    static void axisProfiles(Path file, Map<String, double[][]> profiles) throws IOException {
        List<Series> series = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : profiles.entrySet()) {
            double[][] p = e.getValue();
            int r = p.length / 2;
            double[] d = new double[r];
            double[] vertical = new double[r];
            double[] horizontal = new double[r];
            for (int k = 1; k <= r; k++) {
                d[k - 1] = k;
                vertical[k - 1] = p[r + k][r];
                horizontal[k - 1] = p[r][r + k];
            }
            series.add(new Series(e.getKey() + ", vertical", d, vertical));
            series.add(new Series(e.getKey() + ", horizontal", d, horizontal));
        }
        Charts.write(Charts.line("mean link by pixel offset along the axes", "offset (pixels)", "mean symmetrised weight", series,
                ChartStyle.defaults().withSize(640, 420).withMarkers(true)), file);
    }

    /** Share of each pixel's strongest links that go to grid neighbours, per matrix, beside random links. */
    static void neighbourShares(Path file, Map<String, double[][]> shares, int k) throws IOException {
        Map<String, double[]> series = new LinkedHashMap<>();
        List<String> categories = List.of("distance <= sqrt 2", "distance <= 2");
        double[][] any = null;
        for (Map.Entry<String, double[][]> e : shares.entrySet()) {
            double[][] s = e.getValue();
            series.put(e.getKey(), new double[]{s[0][0], s[1][0]});
            any = s;
        }
        series.put("random links", new double[]{any[0][1], any[1][1]});
        Charts.write(Charts.bar("share of each pixel's " + k + " strongest links that go to grid neighbours", "", "share",
                categories, series, ChartStyle.defaults().withSize(640, 420)), file);
    }

    /**
     * The seed's second figure: pixels joined where the symmetrised weight is above
     * {@code threshold}, laid out by the force-directed layout from random positions (the seed's
     * networkx {@code spring_layout}, 200 iterations), each pixel coloured by its place in the
     * image (red grows with the column, blue with the row). Only the largest connected piece is drawn.
     *
     * @return the number of pixels drawn
     */
    static int graph(Path png, double[][] s, double threshold, int side, long seed) throws IOException {
        WeightedGraph full = WeightedGraph.fromMatrix(s, threshold, WeightedGraph.Threshold.POSITIVE);
        int n = s.length;
        // the largest connected component: small separate pieces would be pushed to the edges by the
        // layout's repulsion and shrink the rest to a corner
        int[] component = components(n, full);
        int[] size = new int[n];
        for (int v = 0; v < n; v++) {
            if (component[v] >= 0) {
                size[component[v]]++;
            }
        }
        int largest = 0;
        for (int c = 1; c < n; c++) {
            largest = size[c] > size[largest] ? c : largest;
        }
        int[] index = new int[n];
        Arrays.fill(index, -1);
        int m = 0;
        for (int v = 0; v < n; v++) {
            if (component[v] == largest && size[largest] > 1) {
                index[v] = m++;
            }
        }
        if (m < 2) {
            return 0;
        }
        int kept = 0;
        for (int e = 0; e < full.edges(); e++) {
            kept += index[full.from()[e]] >= 0 ? 1 : 0;
        }
        int[] from = new int[kept];
        int[] to = new int[kept];
        double[] weight = new double[kept];
        int k = 0;
        for (int e = 0; e < full.edges(); e++) {
            if (index[full.from()[e]] >= 0) {
                from[k] = index[full.from()[e]];
                to[k] = index[full.to()[e]];
                weight[k] = full.weight()[e];
                k++;
            }
        }
        WeightedGraph g = new WeightedGraph(m, from, to, weight);
        int[] all = GraphDrawing.gridColours(side, side);
        int[] rgb = new int[m];
        for (int v = 0; v < n; v++) {
            if (index[v] >= 0) {
                rgb[index[v]] = all[v];
            }
        }
        double[][] pos = ForceLayout.layout(g, LayoutConfig.defaults().withIterations(200).withSeed(seed));
        GraphStyle style = GraphStyle.defaults().withSize(900, 900).withNodeRadius(3.5);
        GraphDrawing.write(png, g, pos, rgb, style);
        return m;
    }

    /** The connected component of each node that has an edge (labelled by its smallest node), -1 for a node without one. */
    static int[] components(int n, WeightedGraph g) {
        int[] parent = new int[n];
        for (int v = 0; v < n; v++) {
            parent[v] = v;
        }
        boolean[] touched = new boolean[n];
        for (int e = 0; e < g.edges(); e++) {
            int a = find(parent, g.from()[e]);
            int b = find(parent, g.to()[e]);
            parent[Math.max(a, b)] = Math.min(a, b);
            touched[g.from()[e]] = true;
            touched[g.to()[e]] = true;
        }
        int[] out = new int[n];
        for (int v = 0; v < n; v++) {
            out[v] = touched[v] ? find(parent, v) : -1;
        }
        return out;
    }

    private static int find(int[] parent, int v) {
        while (parent[v] != v) {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        return v;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
