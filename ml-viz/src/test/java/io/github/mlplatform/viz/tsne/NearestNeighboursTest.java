package io.github.mlplatform.viz.tsne;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NearestNeighboursTest {

    /** Points on a line at 0, 1, 3, 6, 10 (gaps growing): every neighbour order is known by hand. */
    static final double[][] LINE = {{0}, {1}, {3}, {6}, {10}};

    @Test
    void neighboursOnALineAreKnownByHand() {
        int[][] nb = NearestNeighbours.of(LINE, 2, 1);
        assertThat(nb[0]).containsExactly(1, 2);
        assertThat(nb[1]).containsExactly(0, 2);
        assertThat(nb[2]).containsExactly(1, 0);   // 2 away, then 0 and 3 both 3 away: the lower index
        assertThat(nb[3]).containsExactly(2, 4);   // 3 away, 4 away (1 is 5 away)
        assertThat(nb[4]).containsExactly(3, 2);
    }

    @Test
    void votesAndTiesFollowTheRule() {
        // point 2's neighbours in order: 1 (label 1), 0 (label 0), 3 (label 0), 4 (label 1)
        int[] labels = {0, 1, 0, 0, 1};
        int[][] nb = NearestNeighbours.of(LINE, 4, 1);
        assertThat(nb[2]).containsExactly(1, 0, 3, 4);
        // k=1: point 2 takes label 1 (wrong); k=2: a tie 1-1 goes to the nearer label 1 (wrong);
        // k=3: label 0 wins 2-1 (right)
        double[] acc = NearestNeighbours.looAccuracy(nb, labels, 1, 2, 3);
        // by hand for all five points:
        // k=1: 0->1(1)x, 1->0(0)x, 2->1(1)x, 3->2(0)ok, 4->3(0)x            = 1/5
        // k=2: 0->1,2 (1,0 tie->1)x, 1->0,2 (0,0)x, 2->1,0 tie->1 x, 3->2,4 (0,1 tie->0) ok, 4->3,2 (0,0)x = 1/5
        // k=3: 0->1,2,3 (1,0,0)->0 ok, 1->0,2,3 ->0 x, 2->1,0,3 ->0 ok, 3->2,4,1 (0,1,1)->1 x, 4->3,2,1 (0,0,1)->0 x = 2/5
        assertThat(acc).containsExactly(0.2, 0.2, 0.4);
    }

    @Test
    void classifyAgainstReferencesByHand() {
        // references on the line at 0, 1, 3, 6, 10 with labels 0, 1, 0, 0, 1; queries at 2 (1 and 3 equally near: the lower index, 1),
        // at 7 (6, then 10, then 3) and at 0.4 (0, 1, 3)
        int[] labels = {0, 1, 0, 0, 1};
        double[][] q = {{2}, {7}, {0.4}};
        assertThat(NearestNeighbours.classify(LINE, labels, q, 1)).containsExactly(1, 0, 0);
        // k = 2: 2 -> 1, 3 (1, 0 tie -> the nearer, 1); 7 -> 6, 10 (0, 1 tie -> 0); 0.4 -> 0, 1 (tie -> 0)
        assertThat(NearestNeighbours.classify(LINE, labels, q, 2)).containsExactly(1, 0, 0);
        // k = 3: 2 -> 1, 3, 0 (1, 0, 0 -> 0); 7 -> 6, 10, 3 (0, 1, 0 -> 0); 0.4 -> 0, 1, 3 (0, 1, 0 -> 0)
        assertThat(NearestNeighbours.classify(LINE, labels, q, 3)).containsExactly(0, 0, 0);
        // a query that is a reference gets that reference's label at k = 1
        assertThat(NearestNeighbours.classify(LINE, labels, LINE, 1)).containsExactly(labels);
        assertThatThrownBy(() -> NearestNeighbours.classify(LINE, labels, q, 6)).hasMessageContaining("k: expected 1..5");
        assertThatThrownBy(() -> NearestNeighbours.classify(LINE, new int[]{0, 1}, q, 1)).hasMessageContaining("referenceLabels");
        assertThatThrownBy(() -> NearestNeighbours.classify(LINE, labels, new double[][]{{1, 2}}, 1)).hasMessageContaining("queries");
    }

    @Test
    void oneNearestNeighbourAgreesWithEmbeddingQuality() {
        Random r = new Random(5);
        int n = 400;
        double[][] x = new double[n][10];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 4;
            for (int j = 0; j < 10; j++) {
                x[i][j] = (j == labels[i] ? 1.5 : 0) + r.nextGaussian();
            }
        }
        double[] acc = NearestNeighbours.looAccuracy(x, labels, 2, 1, 5, 15);
        assertThat(acc[0]).isEqualTo(EmbeddingQuality.oneNearestNeighbourAccuracy(x, labels));
        // overlapping clusters: more neighbours vote better, and all are well above chance (0.25)
        assertThat(acc[0]).isGreaterThan(0.35);
        assertThat(acc[2]).isGreaterThan(acc[0]);
        // the same with one thread
        assertThat(NearestNeighbours.looAccuracy(x, labels, 1, 1, 5, 15)).containsExactly(acc);
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> NearestNeighbours.of(LINE, 5, 1)).hasMessageContaining("k: expected 1..4");
        assertThatThrownBy(() -> NearestNeighbours.of(new double[][]{{0}, {Double.NaN}}, 1, 1)).hasMessageContaining("x");
        assertThatThrownBy(() -> NearestNeighbours.looAccuracy(LINE, new int[]{0, 1}, 1, 1)).hasMessageContaining("labels");
        assertThatThrownBy(() -> NearestNeighbours.looAccuracy(NearestNeighbours.of(LINE, 2, 1), new int[]{0, 1, 0, 0, 1}, 3))
                .hasMessageContaining("ks: expected 1..2");
        assertThatThrownBy(() -> NearestNeighbours.looAccuracy(LINE, new int[]{0, -1, 0, 0, 1}, 1, 1)).hasMessageContaining("label 1 is -1");
    }
}
