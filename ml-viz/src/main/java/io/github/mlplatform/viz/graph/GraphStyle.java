package io.github.mlplatform.viz.graph;

/**
 * How {@link GraphDrawing} draws a graph.
 *
 * @param width       picture width in pixels
 * @param height      picture height in pixels
 * @param margin      empty border in pixels
 * @param nodeRadius  node radius in pixels (0 = no nodes)
 * @param maxEdgeWidth width of the strongest edge in pixels (the weakest is 0.5)
 * @param positiveRgb colour of positive edges (red)
 * @param negativeRgb colour of negative edges (blue)
 * @param nodeRgb     colour of nodes without an explicit colour
 */
public record GraphStyle(int width, int height, int margin, double nodeRadius, double maxEdgeWidth,
                         int positiveRgb, int negativeRgb, int nodeRgb) {

    public GraphStyle {
        if (width < 20 || height < 20 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("GraphStyle: expected width and height in 20..10000, got " + width + " x " + height);
        }
        if (margin < 0 || 2 * margin >= Math.min(width, height)) {
            throw new IllegalArgumentException("GraphStyle.margin: expected 0.." + (Math.min(width, height) / 2 - 1) + ", got " + margin);
        }
        if (nodeRadius < 0 || maxEdgeWidth <= 0) {
            throw new IllegalArgumentException("GraphStyle: expected nodeRadius >= 0 and maxEdgeWidth > 0");
        }
    }

    /** 800 x 800, margin 20, node radius 3, edges up to 2 px, red / blue edges, dark grey nodes. */
    public static GraphStyle defaults() {
        return new GraphStyle(800, 800, 20, 3, 2, 0xD62728, 0x1F77B4, 0x333333);
    }

    public GraphStyle withSize(int w, int h) {
        return new GraphStyle(w, h, margin, nodeRadius, maxEdgeWidth, positiveRgb, negativeRgb, nodeRgb);
    }

    public GraphStyle withNodeRadius(double r) {
        return new GraphStyle(width, height, margin, r, maxEdgeWidth, positiveRgb, negativeRgb, nodeRgb);
    }
}
