package io.github.mlplatform.viz.graph;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphTest {

    /** Two cliques of 5 (weight 1 inside), joined only by weights 0.05 below the threshold 0.1. */
    static double[][] twoCliques() {
        int n = 10;
        double[][] w = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i == j) {
                    w[i][j] = 5; // the diagonal is never an edge
                } else if (i / 5 == j / 5) {
                    w[i][j] = 1;
                } else {
                    w[i][j] = 0.05;
                }
            }
        }
        return w;
    }

    @Test
    void edgesBelowTheThresholdAreDropped() {
        WeightedGraph g = WeightedGraph.fromMatrix(twoCliques(), 0.1, WeightedGraph.Threshold.ABSOLUTE);
        assertThat(g.edges()).isEqualTo(2 * (5 * 4 / 2)); // two K5: 10 edges each
        for (int e = 0; e < g.edges(); e++) {
            assertThat(g.from()[e] / 5).isEqualTo(g.to()[e] / 5);
        }
    }

    @Test
    void thresholdModesAndSymmetrisationOnAHandMatrix() {
        double[][] w = {
            {0, 0.9, -0.8, 0.2},
            {0.7, 0, 0.3, -0.6},
            {-0.8, 0.1, 0, 0.55},
            {0.2, -0.6, 0.45, 0},
        };
        // symmetrised: (0,1)=0.8, (0,2)=-0.8, (0,3)=0.2, (1,2)=0.2, (1,3)=-0.6, (2,3)=0.5
        WeightedGraph abs = WeightedGraph.fromMatrix(w, 0.5, WeightedGraph.Threshold.ABSOLUTE);
        assertThat(abs.edges()).isEqualTo(3); // 0.8, -0.8, -0.6 (0.5 is not > 0.5)
        assertThat(abs.weight()).containsExactly(0.8, -0.8, -0.6);
        WeightedGraph pos = WeightedGraph.fromMatrix(w, 0.15, WeightedGraph.Threshold.POSITIVE);
        assertThat(pos.edges()).isEqualTo(4); // 0.8, 0.2, 0.2, 0.5
        assertThatThrownBy(() -> WeightedGraph.fromMatrix(new double[][] {{1, 2}}, 0.1, WeightedGraph.Threshold.ABSOLUTE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("square");
    }

    @Test
    void twoUnconnectedCliquesEndUpApart() {
        WeightedGraph g = WeightedGraph.fromMatrix(twoCliques(), 0.1, WeightedGraph.Threshold.ABSOLUTE);
        double[][] p = ForceLayout.layout(g, LayoutConfig.defaults());
        double maxIntra = 0;
        double minInter = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 10; i++) {
            for (int j = i + 1; j < 10; j++) {
                double d = Math.hypot(p[i][0] - p[j][0], p[i][1] - p[j][1]);
                if (i / 5 == j / 5) {
                    maxIntra = Math.max(maxIntra, d);
                } else {
                    minInter = Math.min(minInter, d);
                }
            }
        }
        assertThat(minInter).as("closest pair across cliques vs farthest pair within one").isGreaterThan(1.5 * maxIntra);
        double[][] again = ForceLayout.layout(g, LayoutConfig.defaults());
        assertThat(again).isDeepEqualTo(p);
    }

    @Test
    void layoutCanStartFromGivenCoordinates() {
        // a path 0-1-2 started on a line keeps node 1 between 0 and 2
        WeightedGraph g = new WeightedGraph(3, new int[] {0, 1}, new int[] {1, 2}, new double[] {1, 1});
        double[][] p = ForceLayout.layout(g, new double[][] {{0, 0}, {5, 0}, {10, 0}}, LayoutConfig.defaults());
        assertThat(p[1][0]).isStrictlyBetween(Math.min(p[0][0], p[2][0]), Math.max(p[0][0], p[2][0]));
        assertThat(Math.abs(p[0][1] - p[2][1])).isLessThan(1e-9);
    }

    @Test
    void edgesAreColouredBySign(@TempDir Path dir) throws Exception {
        WeightedGraph g = new WeightedGraph(4, new int[] {0, 2}, new int[] {1, 3}, new double[] {1.0, -1.0});
        double[][] pos = {{0, 0}, {10, 0}, {0, 10}, {10, 10}};
        GraphStyle style = GraphStyle.defaults().withSize(200, 200).withNodeRadius(2);
        Path png = GraphDrawing.write(dir.resolve("g.png"), g, pos, null, style);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(200);
        double[][] px = GraphDrawing.toPixels(g, pos, null, style);
        int pos1 = img.getRGB((int) Math.round((px[0][0] + px[1][0]) / 2), (int) Math.round(px[0][1]));
        int neg1 = img.getRGB((int) Math.round((px[2][0] + px[3][0]) / 2), (int) Math.round(px[2][1]));
        assertThat((pos1 >> 16) & 0xFF).as("positive edge is red").isGreaterThan(pos1 & 0xFF);
        assertThat(neg1 & 0xFF).as("negative edge is blue").isGreaterThan((neg1 >> 16) & 0xFF);

        Path svg = GraphDrawing.write(dir.resolve("g.svg"), g, pos, GraphDrawing.gridColours(2, 2), style);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
        assertThat(doc.getElementsByTagName("line").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(4);
    }

    @Test
    void gridHelpers() {
        double[][] p = GraphDrawing.gridPositions(28, 28);
        assertThat(p[29]).containsExactly(1.0, 1.0);
        assertThat(p[783]).containsExactly(27.0, 27.0);
        int[] c = GraphDrawing.gridColours(28, 28);
        assertThat(c[0]).isEqualTo(0x004000);
        assertThat(c[27]).isEqualTo(0xFF4000);
        assertThat(c[783]).isEqualTo(0xFF40FF);
    }
}
