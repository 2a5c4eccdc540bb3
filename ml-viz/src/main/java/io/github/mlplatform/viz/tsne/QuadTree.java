package io.github.mlplatform.viz.tsne;

/**
 * A point-region quadtree over 2-D points stored in flat arrays (rebuilt every iteration, no
 * allocation once grown). Each node keeps its cell (centre, half width), the number of points
 * below it and their centre of mass; leaves hold up to {@link #LEAF_CAPACITY} points (more only
 * at {@link #MAX_DEPTH}, for coincident points) as a range of {@link #perm}, which lists the points
 * in tree (spatial) order.
 *
 * <p>{@link #repulsion} is the Barnes-Hut estimate of t-SNE's repulsive terms, computed for all
 * points of one leaf L at once (one tree walk per leaf instead of per point): a node N of half
 * width h whose centre of mass lies at distance d from every point of L is used as one body of
 * {@code count} points when {@code h / d < theta} - bhtsne's criterion (scikit-learn compares the
 * full width, twice as strict), here required for the nearest possible point of L (the centre of
 * L's bounding box minus its radius), so each point gets at least bhtsne's accuracy. A node whose
 * cell contains L is never summarised. Otherwise N's children are visited, and two leaves interact
 * point by point, exactly (skipping i = j). With theta = 0 the sums are exact.
 */
final class QuadTree {

    static final int LEAF_CAPACITY = 16;
    static final int MAX_DEPTH = 48;

    // per node, stride 4: centre of mass x, y, half width, point count
    private double[] node = new double[0];
    // per node, stride 2: first child (-1 for a leaf), start of its points in perm
    private int[] link = new int[0];
    // per node: cell centre x, y
    private double[] cell = new double[0];
    private int nodes;
    private int[] leaves = new int[0];
    private int leafCount;
    private int maxLeafSize;
    int[] perm = new int[0];
    private int[] buffer = new int[0];
    private double[] y;

    /** Builds the tree over points {@code (y[2i], y[2i+1])}, i &lt; n. */
    void build(double[] coords, int n) {
        this.y = coords;
        if (perm.length != n) {
            perm = new int[n];
            buffer = new int[n];
        }
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double px = coords[2 * i];
            double py = coords[2 * i + 1];
            minX = Math.min(minX, px);
            maxX = Math.max(maxX, px);
            minY = Math.min(minY, py);
            maxY = Math.max(maxY, py);
        }
        nodes = 0;
        leafCount = 0;
        maxLeafSize = 0;
        int root = newNode((minX + maxX) / 2, (minY + maxY) / 2,
                Math.max(maxX - minX, maxY - minY) / 2 * (1 + 1e-9) + 1e-12);
        split(root, 0, n, 0);
    }

    /** Number of nodes of the current tree. */
    int size() {
        return nodes;
    }

    /** Number of leaves holding at least one point. */
    int leafCount() {
        return leafCount;
    }

    /** The most points any leaf holds. */
    int maxLeafSize() {
        return maxLeafSize;
    }

    private int newNode(double x, double yy, double h) {
        if (2 * nodes == cell.length) {
            int cap = Math.max(64, nodes * 2);
            node = java.util.Arrays.copyOf(node, 4 * cap);
            link = java.util.Arrays.copyOf(link, 2 * cap);
            cell = java.util.Arrays.copyOf(cell, 2 * cap);
        }
        int id = nodes++;
        cell[2 * id] = x;
        cell[2 * id + 1] = yy;
        node[4 * id + 2] = h;
        node[4 * id + 3] = 0;
        link[2 * id] = -1;
        return id;
    }

    private void split(int id, int from, int to, int depth) {
        int c = to - from;
        link[2 * id + 1] = from;
        node[4 * id + 3] = c;
        double sx = 0;
        double sy = 0;
        for (int t = from; t < to; t++) {
            int p = perm[t];
            sx += y[2 * p];
            sy += y[2 * p + 1];
        }
        node[4 * id] = c > 0 ? sx / c : cell[2 * id];
        node[4 * id + 1] = c > 0 ? sy / c : cell[2 * id + 1];
        if (c <= LEAF_CAPACITY || depth >= MAX_DEPTH) {
            if (c > 0) {
                if (leafCount == leaves.length) {
                    leaves = java.util.Arrays.copyOf(leaves, Math.max(64, 2 * leafCount));
                }
                leaves[leafCount++] = id;
                maxLeafSize = Math.max(maxLeafSize, c);
            }
            return;
        }
        double mx = cell[2 * id];
        double my = cell[2 * id + 1];
        int q0 = 0;
        int q1 = 0;
        int q2 = 0;
        for (int t = from; t < to; t++) {
            int q = quadrant(perm[t], mx, my);
            if (q == 0) {
                q0++;
            } else if (q == 1) {
                q1++;
            } else if (q == 2) {
                q2++;
            }
        }
        int[] pos = {from, from + q0, from + q0 + q1, from + q0 + q1 + q2};
        int[] bounds = {pos[0], pos[1], pos[2], pos[3], to};
        for (int t = from; t < to; t++) {
            int p = perm[t];
            buffer[pos[quadrant(p, mx, my)]++] = p;
        }
        System.arraycopy(buffer, from, perm, from, c);
        double h = node[4 * id + 2] / 2;
        int first = newNode(mx - h, my - h, h);
        newNode(mx + h, my - h, h);
        newNode(mx - h, my + h, h);
        newNode(mx + h, my + h, h);
        link[2 * id] = first;
        for (int q = 0; q < 4; q++) {
            split(first + q, bounds[q], bounds[q + 1], depth + 1);
        }
    }

    private int quadrant(int p, double mx, double my) {
        return (y[2 * p] >= mx ? 1 : 0) + (y[2 * p + 1] >= my ? 2 : 0);
    }

    /** Work arrays of one thread for {@link #repulsion}. */
    static final class Scratch {
        final int[] stack = new int[3 * MAX_DEPTH + 8];
        double[] px = new double[0];
        double[] py = new double[0];
        double[] fx = new double[0];
        double[] fy = new double[0];
        double[] sq = new double[0];

        void ensure(int m) {
            if (px.length < m) {
                px = new double[m];
                py = new double[m];
                fx = new double[m];
                fy = new double[m];
                sq = new double[m];
            }
        }
    }

    /**
     * Barnes-Hut sums for every point i of leaf number {@code leafIndex}: writes
     * {@code sum_j w_ij^2 (y_i - y_j)} to {@code force[2i], force[2i+1]} and {@code sum_j w_ij} to
     * {@code sumQ[i]}, where {@code w_ij = 1 / (1 + |y_i - y_j|^2)}.
     */
    void repulsion(int leafIndex, double theta, Scratch s, double[] force, double[] sumQ) {
        final double[] nd = node;
        final int[] ln = link;
        final double[] yy = y;
        final int[] pm = perm;
        int leaf = leaves[leafIndex];
        int m = (int) nd[4 * leaf + 3];
        int start = ln[2 * leaf + 1];
        s.ensure(m);
        double[] px = s.px;
        double[] py = s.py;
        double[] fx = s.fx;
        double[] fy = s.fy;
        double[] sq = s.sq;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < m; a++) {
            int p = pm[start + a];
            px[a] = yy[2 * p];
            py[a] = yy[2 * p + 1];
            fx[a] = 0;
            fy[a] = 0;
            sq[a] = 0;
            minX = Math.min(minX, px[a]);
            maxX = Math.max(maxX, px[a]);
            minY = Math.min(minY, py[a]);
            maxY = Math.max(maxY, py[a]);
        }
        double lcx = (minX + maxX) / 2;
        double lcy = (minY + maxY) / 2;
        double radius = Math.hypot(maxX - minX, maxY - minY) / 2;
        int[] stack = s.stack;
        int sp = 0;
        stack[sp++] = 0;
        while (sp > 0) {
            int id = stack[--sp];
            int o = 4 * id;
            double h = nd[o + 2];
            double cx = nd[o];
            double cy = nd[o + 1];
            double c = nd[o + 3];
            int first = ln[2 * id];
            boolean containsLeaf = Math.abs(lcx - cell[2 * id]) <= h && Math.abs(lcy - cell[2 * id + 1]) <= h;
            if (!containsLeaf && theta > 0) {
                double dx = lcx - cx;
                double dy = lcy - cy;
                double lim = h / theta + radius;
                if (dx * dx + dy * dy > lim * lim) {
                    for (int a = 0; a < m; a++) {
                        double ex = px[a] - cx;
                        double ey = py[a] - cy;
                        double q = 1.0 / (1.0 + ex * ex + ey * ey);
                        double w = c * q;
                        sq[a] += w;
                        w *= q;
                        fx[a] += w * ex;
                        fy[a] += w * ey;
                    }
                    continue;
                }
            }
            if (first < 0) {
                int js = ln[2 * id + 1];
                int je = js + (int) c;
                boolean self = id == leaf;
                for (int t = js; t < je; t++) {
                    int j = pm[t];
                    double xj = yy[2 * j];
                    double yj = yy[2 * j + 1];
                    for (int a = 0; a < m; a++) {
                        if (self && a == t - js) {
                            continue;
                        }
                        double ex = px[a] - xj;
                        double ey = py[a] - yj;
                        double q = 1.0 / (1.0 + ex * ex + ey * ey);
                        sq[a] += q;
                        double w = q * q;
                        fx[a] += w * ex;
                        fy[a] += w * ey;
                    }
                }
            } else {
                for (int ch = first + 3; ch >= first; ch--) {
                    if (nd[4 * ch + 3] != 0) { // empty quadrants are never visited
                        stack[sp++] = ch;
                    }
                }
            }
        }
        for (int a = 0; a < m; a++) {
            int p = pm[start + a];
            force[2 * p] = fx[a];
            force[2 * p + 1] = fy[a];
            sumQ[p] = sq[a];
        }
    }
}
