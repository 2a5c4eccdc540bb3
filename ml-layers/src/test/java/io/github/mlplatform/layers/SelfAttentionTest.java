package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Graph;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.nn.Flatten;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.Map;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelfAttentionTest {

    static final SelfAttention.Config SMALL = new SelfAttention.Config(16, 8, 2);

    static double[] row(double[] v, double[][] w) {
        double[] out = new double[w[0].length];
        for (int c = 0; c < out.length; c++) {
            for (int k = 0; k < v.length; k++) {
                out[c] += v[k] * w[k][c];
            }
        }
        return out;
    }

    /** Embedding + multi-head attention for one image, written out with loops. */
    static double[][] reference(double[] pixels, Map<String, INDArray> sd, int heads) {
        int t = pixels.length;
        double[] w = sd.get("0.weight").toDoubleVector();
        double[] b = sd.get("0.bias").toDoubleVector();
        double[][] pos = toArray(sd.get("0.position"));
        int d = w.length;
        int dh = d / heads;
        double[][] e = new double[t][d];
        for (int i = 0; i < t; i++) {
            for (int c = 0; c < d; c++) {
                e[i][c] = pixels[i] * w[c] + b[c] + pos[i][c];
            }
        }
        double[][] q = new double[t][];
        double[][] k = new double[t][];
        double[][] v = new double[t][];
        for (int i = 0; i < t; i++) {
            q[i] = row(e[i], toArray(sd.get("1.query.weight")));
            k[i] = row(e[i], toArray(sd.get("1.key.weight")));
            v[i] = row(e[i], toArray(sd.get("1.value.weight")));
        }
        double[][] o = new double[t][d];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < t; i++) {
                double[] s = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        s[j] += q[i][c] * k[j][c];
                    }
                    s[j] /= Math.sqrt(dh);
                    max = Math.max(max, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    s[j] = Math.exp(s[j] - max);
                    sum += s[j];
                }
                for (int j = 0; j < t; j++) {
                    for (int c = h * dh; c < (h + 1) * dh; c++) {
                        o[i][c] += s[j] / sum * v[j][c];
                    }
                }
            }
        }
        double[][] y = new double[t][];
        double[] bo = sd.get("1.out.bias").toDoubleVector();
        for (int i = 0; i < t; i++) {
            y[i] = row(o[i], toArray(sd.get("1.out.weight")));
            for (int c = 0; c < d; c++) {
                y[i][c] += bo[c];
            }
        }
        return y;
    }

    @Test
    void pixelLevelAttentionMatchesALoopImplementation() {
        Model m = doubleModel(SelfAttention.pixelLevel(SMALL), 16);
        INDArray x = gaussian(1, 1, 3, 16);
        INDArray y = m.predict(x);
        assertThat(y.shape()).containsExactly(3, 16, 8);
        Map<String, INDArray> sd = m.stateDict();
        assertThat(sd).containsOnlyKeys("0.weight", "0.bias", "0.position", "1.query.weight", "1.key.weight", "1.value.weight",
                "1.out.weight", "1.out.bias");
        for (int b = 0; b < 3; b++) {
            double[][] expected = reference(x.getRow(b).toDoubleVector(), sd, 2);
            assertClose(y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(b)), expected, 1e-10);
        }
    }

    /** The pixel-level attention's embedding ("0") and attention ("1"), with the attention weights as output. */
    static final class WeightsProbe extends Module {
        final PixelEmbedding embedding;
        final SelfAttention attention;

        WeightsProbe(SelfAttention.Config c) {
            embedding = register("0", new PixelEmbedding(c.tokens(), c.width()));
            attention = register("1", new SelfAttention(c.width(), c.heads()));
        }

        @Override
        public SDVariable forward(Graph g, SDVariable x) {
            return attention.weights(g, embedding.forward(g, x));
        }
    }

    @Test
    void weightsAreTheSoftmaxOfTheScaledScoresAndSumToOnePerQuery() {
        Model m = doubleModel(SelfAttention.pixelLevel(SMALL), 16);
        Map<String, INDArray> sd = m.stateDict();
        Model probe = doubleModel(new WeightsProbe(SMALL), 16);
        assertThat(probe.loadStateDict(sd, true).complete()).isTrue();
        INDArray x = gaussian(11, 1, 3, 16);
        INDArray a = probe.predict(x);
        assertThat(a.shape()).containsExactly(3, 2, 16, 16);
        assertThat(a.minNumber().doubleValue()).isGreaterThanOrEqualTo(0);
        INDArray rowSums = a.sum(3);
        assertThat(rowSums.sub(1).amaxNumber().doubleValue()).isLessThan(1e-12);
        // the loop reference: per head softmax over the keys of q·k/√(d/h), from the same state dict
        double[] w = sd.get("0.weight").toDoubleVector();
        double[] b = sd.get("0.bias").toDoubleVector();
        double[][] pos = toArray(sd.get("0.position"));
        int t = 16;
        int d = 8;
        int dh = 4;
        for (int ex = 0; ex < 3; ex++) {
            double[] pixels = x.getRow(ex).toDoubleVector();
            double[][] q = new double[t][];
            double[][] k = new double[t][];
            for (int i = 0; i < t; i++) {
                double[] e = new double[d];
                for (int c = 0; c < d; c++) {
                    e[c] = pixels[i] * w[c] + b[c] + pos[i][c];
                }
                q[i] = row(e, toArray(sd.get("1.query.weight")));
                k[i] = row(e, toArray(sd.get("1.key.weight")));
            }
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < t; i++) {
                    double[] s = new double[t];
                    double sum = 0;
                    for (int j = 0; j < t; j++) {
                        for (int c = h * dh; c < (h + 1) * dh; c++) {
                            s[j] += q[i][c] * k[j][c] / Math.sqrt(dh);
                        }
                    }
                    double max = java.util.Arrays.stream(s).max().orElseThrow();
                    for (int j = 0; j < t; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < t; j++) {
                        assertThat(a.getDouble(ex, h, i, j)).as("example %d head %d query %d key %d", ex, h, i, j)
                                .isCloseTo(s[j] / sum, org.assertj.core.data.Offset.offset(1e-12));
                    }
                }
            }
        }
        // forward uses the same weights: the model's output does not change when the probe was built beside it
        assertClose(m.predict(x).get(org.nd4j.linalg.indexing.NDArrayIndex.point(0)), reference(x.getRow(0).toDoubleVector(), sd, 2), 1e-10);
    }

    @Test
    void pixelEmbeddingAddsValueAndPositionEmbeddings() {
        Model m = doubleModel(new PixelEmbedding(6, 3), 1, 2, 3);
        INDArray x = gaussian(7, 1, 2, 1, 2, 3);
        INDArray y = m.predict(x);
        assertThat(y.shape()).containsExactly(2, 6, 3);
        Map<String, INDArray> sd = m.stateDict();
        double[] w = sd.get("weight").toDoubleVector();
        double[] b = sd.get("bias").toDoubleVector();
        double[][] pos = toArray(sd.get("position"));
        double[] flat = x.reshape(2, 6).getRow(1).toDoubleVector();
        for (int t = 0; t < 6; t++) {
            for (int c = 0; c < 3; c++) {
                assertThat(y.getDouble(1, t, c)).isCloseTo(flat[t] * w[c] + b[c] + pos[t][c], org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void acceptsImagesAsWellAsFlatPixels() {
        Model flat = doubleModel(SelfAttention.pixelLevel(SMALL), 16);
        Model image = doubleModel(SelfAttention.pixelLevel(SMALL), 1, 4, 4);
        INDArray x = gaussian(2, 1, 2, 16);
        assertThat(image.predict(x.reshape(2, 1, 4, 4)).equalsWithEps(flat.predict(x), 1e-12)).isTrue();
    }

    @Test
    void clearErrorsForMismatchedSizes() {
        assertThatThrownBy(() -> doubleModel(SelfAttention.pixelLevel(SMALL), 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 values per example").hasMessageContaining("[batch, 20]");
        assertThatThrownBy(() -> new SelfAttention.Config(16, 6, 4)).hasMessageContaining("multiple of heads");
        assertThatThrownBy(() -> doubleModel(new SelfAttention(8, 2), 4, 6)).hasMessageContaining("[batch, T, 8]");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Model m = doubleModel(new Sequential(SelfAttention.pixelLevel(SMALL), new Flatten(), new Linear(16 * 8, 2)), 16);
        assertGradientsMatch(m, gaussian(3, 1, 2, 16), gaussian(4, 1, 2, 2), 6);
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        assertSaveLoadRoundTrip(doubleModel(SelfAttention.pixelLevel(SMALL), 1, 4, 4), gaussian(5, 1, 2, 1, 4, 4), dir);
    }
}
