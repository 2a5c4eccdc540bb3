package io.github.mlplatform.core.numerics;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.model.SameDiffWorkarounds;
import io.github.mlplatform.core.nn.Activation;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stable softmax family on every rank, and through a whole model. */
class StableFunctionsTest {

    static {
        SameDiffWorkarounds.apply();
    }

    /** Rows of three with the extremes; the same 24 numbers are viewed as rank 2, 3 and 4. */
    static final double[] VALUES = {120, 0, 0, 1e4, -1e4, 0, -1000, 0, 1000, 0, 0, 0, -1e4, -1e4, -1e4, -89, -100, -120, 1, 2, 3, 4, 5, 6};

    static double[][] rows(boolean log) {
        double[][] out = new double[VALUES.length / 3][3];
        for (int r = 0; r < out.length; r++) {
            double m = Math.max(VALUES[3 * r], Math.max(VALUES[3 * r + 1], VALUES[3 * r + 2]));
            double s = 0;
            for (int c = 0; c < 3; c++) {
                s += Math.exp(VALUES[3 * r + c] - m);
            }
            for (int c = 0; c < 3; c++) {
                out[r][c] = log ? VALUES[3 * r + c] - m - Math.log(s) : Math.exp(VALUES[3 * r + c] - m) / s;
            }
        }
        return out;
    }

    /**
     * Rank 3 and 4 were wrong before: SameDiff's keepDims reductions over axis −1 return wrong
     * values there (and the double softmax kernel NaN for rows of −1e4).
     */
    @Test
    void softmaxAndLogSoftmaxAreRightOnEveryRankAndAxisSpelling() {
        for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            for (long[] shape : List.of(new long[] {8, 3}, new long[] {4, 2, 3}, new long[] {2, 2, 2, 3})) {
                for (int axis : new int[] {-1, shape.length - 1}) {
                    SameDiff sd = SameDiff.create();
                    SDVariable x = sd.var("x", Nd4j.createFromArray(VALUES).castTo(dt).reshape(shape));
                    INDArray p = Activation.softmax(x, axis).eval().castTo(DataType.DOUBLE).reshape(-1, 3);
                    INDArray lp = Activation.logSoftmax(x, axis).eval().castTo(DataType.DOUBLE).reshape(-1, 3);
                    double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
                    double[][] wantP = rows(false);
                    double[][] wantLp = rows(true);
                    for (int r = 0; r < wantP.length; r++) {
                        for (int c = 0; c < 3; c++) {
                            String at = dt + " shape " + java.util.Arrays.toString(shape) + " axis " + axis + " [" + r + "," + c + "]";
                            assertThat(p.getDouble(r, c)).as("softmax " + at).isCloseTo(wantP[r][c], org.assertj.core.data.Offset.offset(tol));
                            assertThat(lp.getDouble(r, c)).as("logSoftmax " + at)
                                    .isCloseTo(wantLp[r][c], org.assertj.core.data.Offset.offset(tol * Math.max(1, Math.abs(wantLp[r][c]))));
                        }
                    }
                }
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.rand(DataType.FLOAT, 2, 3, 4));
        assertThatThrownBy(() -> Activation.softmax(x, -2)).hasMessageContaining("-1 (the last) or non-negative");
    }

    /**
     * The case: a model that puts logit 120 on the right class, log-softmax, NLL. Before:
     * float log-softmax gave [0, −∞, −∞] and NLL multiplied −∞ by the label 0: loss NaN.
     */
    @Test
    void confidentCorrectPredictionHasLossZeroThroughAModel() {
        for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            Model m = Model.builder(new Sequential(new Linear(2, 3), Activation.logSoftmax()))
                    .inputShape(2).labelShape(3).dataType(dt).loss(Loss.nll()).seed(1).build();
            // logits = x·W + b = [120, 0, 0] for x = [1, 0]
            m.sameDiff().getArrForVarName("0.weight").assign(Nd4j.createFromArray(new double[][] {{120, 0, 0}, {0, 0, 0}}));
            m.sameDiff().getArrForVarName("0.bias").assign(0);
            INDArray x = Nd4j.createFromArray(new double[][] {{1, 0}, {1, 0}}).castTo(dt);
            INDArray right = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {1, 0, 0}}).castTo(dt);
            INDArray wrong = Nd4j.createFromArray(new double[][] {{0, 1, 0}, {1, 0, 0}}).castTo(dt);
            for (int call = 0; call < 2; call++) { // the second call is replayed by the executor
                assertThat(m.loss(x, right)).as("%s loss of a confident correct prediction", dt).isEqualTo(0.0);
                assertThat(m.loss(x, wrong)).as("%s: one of two rows confidently wrong by 120", dt).isEqualTo(60.0);
            }
            List<String> params = new ArrayList<>(m.trainableParameterNames());
            var r = m.executor().run(Map.of(Model.INPUT, x, Model.LABELS, wrong), List.of(Model.LOSS), params);
            for (String p : params) {
                assertThat(r.gradients().get(p).isInfinite().any() || r.gradients().get(p).isNaN().any())
                        .as("%s gradient of %s is finite", dt, p).isFalse();
            }
            // d loss / d bias = mean over rows of (softmax − y): row 1 gives [1, −1, 0]/2
            assertThat(r.gradients().get("0.bias").castTo(DataType.DOUBLE).toDoubleVector())
                    .containsExactly(new double[] {0.5, -0.5, 0.0}, org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
