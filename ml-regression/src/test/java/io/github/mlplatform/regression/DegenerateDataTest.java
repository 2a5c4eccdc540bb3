package io.github.mlplatform.regression;

import io.github.mlplatform.regression.closedform.LogisticIrls;
import io.github.mlplatform.regression.closedform.OrdinaryLeastSquares;
import io.github.mlplatform.regression.closedform.SoftmaxNewton;
import io.github.mlplatform.regression.gradient.GradientConfig;
import io.github.mlplatform.regression.gradient.LinearRegression;
import io.github.mlplatform.regression.gradient.LogisticRegression;
import io.github.mlplatform.regression.gradient.SoftmaxRegression;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The three ways data can make a fit meaningless — a rank-deficient design (weights not unique), a
 * NaN, no data at all — give one clear {@link IllegalArgumentException} each, from every fit: the
 * message is one line, names the argument and says what was expected.
 */
class DegenerateDataTest {

    /** Column x1 = 2·x0: the weights of x0 and x1 are not determined. */
    static final double[][] DEPENDENT = {{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}, {6, 12}};
    /** Overlapping classes, so that only the dependence can be the problem. */
    static final int[] BINARY = {0, 1, 0, 1, 1, 0};
    static final int[] THREE = {0, 1, 2, 1, 0, 2};
    static final double[] Y = {1, 3, 2, 5, 4, 6};

    private static void oneLine(ThrowingCallable call, String... contains) {
        var a = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"));
        for (String c : contains) {
            a.hasMessageContaining(c);
        }
    }

    @Test
    void rankDeficientDesignsAreRefusedByEveryExactFit() {
        oneLine(() -> OrdinaryLeastSquares.fit(DEPENDENT, Y), "design", "linearly dependent");
        oneLine(() -> LogisticIrls.fit(DEPENDENT, BINARY), "design", "linearly dependent");
        oneLine(() -> SoftmaxNewton.fit(DEPENDENT, THREE, 3), "design", "linearly dependent");
        // a constant column duplicates the intercept
        double[][] constant = {{1, 7}, {2, 7}, {3, 7}, {4, 7}, {5, 7}, {6, 7}};
        oneLine(() -> OrdinaryLeastSquares.fit(constant, Y), "design", "linearly dependent");
        oneLine(() -> LogisticIrls.fit(constant, BINARY), "design", "linearly dependent");
        oneLine(() -> SoftmaxNewton.fit(constant, THREE, 3), "design", "linearly dependent");
    }

    @Test
    void aNanIsNamedByPositionInEveryFit() {
        double[][] nanX = {{1}, {2}, {Double.NaN}, {4}};
        double[] y = {1, 2, 3, 4};
        oneLine(() -> OrdinaryLeastSquares.fit(nanX, y), "design[2][0]", "finite");
        oneLine(() -> OrdinaryLeastSquares.fit(new double[][] {{1}, {2}, {3}, {4}}, new double[] {1, Double.NaN, 3, 4}), "y[1]", "finite");
        oneLine(() -> LogisticIrls.fit(nanX, new int[] {0, 1, 0, 1}), "design[2][0]", "finite");
        oneLine(() -> SoftmaxNewton.fit(nanX, new int[] {0, 1, 2, 1}, 3), "design[2][0]", "finite");
        GradientConfig cfg = GradientConfig.linearSeed();
        oneLine(() -> LinearRegression.train(nanX, y, LinearRegression.Mode.FULL_BATCH_GD, cfg), "design[2][0]", "finite");
        oneLine(() -> LinearRegression.train(new double[][] {{1}, {2}}, new double[] {Double.NaN, 1}, LinearRegression.Mode.MODULE_SGD, cfg),
                "y[0]", "finite");
        oneLine(() -> LogisticRegression.train(nanX, new int[] {0, 1, 0, 1}, cfg), "design[2][0]", "finite");
        oneLine(() -> SoftmaxRegression.train(nanX, new int[] {0, 1, 2, 1}, 3, cfg), "design[2][0]", "finite");
    }

    @Test
    void anEmptyDataSetIsRefusedByEveryFit() {
        double[][] none = new double[0][];
        GradientConfig cfg = GradientConfig.linearSeed();
        oneLine(() -> OrdinaryLeastSquares.fit(none, new double[0]), "design", "at least one row");
        oneLine(() -> LogisticIrls.fit(none, new int[0]), "design", "at least one row");
        oneLine(() -> SoftmaxNewton.fit(none, new int[0], 3), "design", "at least one row");
        oneLine(() -> LinearRegression.train(none, new double[0], LinearRegression.Mode.MINI_BATCH_GD, cfg), "design", "at least one row");
        oneLine(() -> LogisticRegression.train(none, new int[0], cfg), "design", "at least one row");
        oneLine(() -> SoftmaxRegression.train(none, new int[0], 3, cfg), "design", "at least one row");
    }
}
