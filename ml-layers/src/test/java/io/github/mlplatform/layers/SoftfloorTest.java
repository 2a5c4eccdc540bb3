package io.github.mlplatform.layers;

import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.nn.Linear;
import io.github.mlplatform.core.nn.Sequential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;

import static io.github.mlplatform.layers.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SoftfloorTest {

    @Test
    void solvedAdjustmentEqualsTheClosedForm() {
        for (double f : new double[]{1 + 1e-4, 1 + 1e-8, 1.01, 1.5, 3, 100}) {
            double closed = Math.log((f + 1) / (f - 1));
            assertThat(Softfloor.solveAdjustment(f)).as("factor %s", f).isCloseTo(closed, within(1e-9 * Math.max(1, closed)));
            assertThat(Softfloor.closedFormAdjustment(f)).isEqualTo(closed);
            // and it solves the defining equation 1 = f·(2/(1+e^{-a}) − 1)
            double a = Softfloor.solveAdjustment(f);
            assertThat(f * (2 / (1 + Math.exp(-a)) - 1)).isCloseTo(1.0, within(1e-12));
        }
        Softfloor seed = new Softfloor();
        assertThat(seed.factor()).isEqualTo(1 + 1e-4);
        assertThat(seed.adjustment()).isCloseTo(Math.log(2.0001 / 0.0001), within(1e-9));
        assertThat(Softfloor.ofEpsilon(1e-4).factor()).isEqualTo(seed.factor());
        assertThat(Softfloor.ofFactor(2).factor()).isEqualTo(2);
    }

    @Test
    void hitsFloorAtHalfIntegersAndIsMidwayAtIntegers() {
        Softfloor s = Softfloor.ofFactor(1.5);
        for (int n = -3; n <= 3; n++) {
            assertThat(s.value(n + 0.5)).as("softfloor(%d.5)", n).isCloseTo(n, within(1e-12));
            assertThat(s.value(n)).as("softfloor(%d)", n).isCloseTo(n - 0.5, within(1e-12));
        }
        // with the seed's sharp factor it is close to the floor near the half-integers
        Softfloor sharp = new Softfloor();
        assertThat(sharp.value(2.45)).isCloseTo(2, within(1e-3));
        assertThat(sharp.value(-0.55)).isCloseTo(-1, within(1e-3));
    }

    @Test
    void graphMatchesTheSeedFormula() {
        for (Softfloor s : new Softfloor[]{new Softfloor(), Softfloor.ofFactor(1.5)}) {
            double f = s.factor();
            double a = Math.log((f + 1) / (f - 1));
            double[] xs = new double[81];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = -4 + 0.1 * i + 0.013;
            }
            INDArray x = Nd4j.createFromArray(new double[][]{xs});
            INDArray y = doubleModel(s, xs.length).predict(x);
            for (int i = 0; i < xs.length; i++) {
                double floor = Math.floor(xs[i] + 0.5);
                double frac = xs[i] - floor;
                double expected = floor + f * (1 / (1 + Math.exp(-(2 * frac) * a)) - 1) + 0.5 * f - 0.5;
                assertThat(y.getDouble(0, i)).as("x = %s", xs[i]).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void isContinuousAndIncreasing() {
        Softfloor s = Softfloor.ofFactor(1.2);
        double prev = s.value(-3);
        for (double x = -3 + 1e-3; x < 3; x += 1e-3) {
            double v = s.value(x);
            assertThat(v).isGreaterThan(prev).isLessThan(prev + 0.05);
            prev = v;
        }
    }

    @Test
    void gradientsFlowThroughSoftfloor() {
        Model m = doubleModel(new Sequential(new Linear(3, 4), Softfloor.ofFactor(1.5), new Linear(4, 2)), 3);
        assertGradientsMatch(m, gaussian(1, 1, 4, 3), gaussian(2, 1, 4, 2));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> Softfloor.ofEpsilon(0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> Softfloor.ofFactor(1)).hasMessageContaining("factor must be a finite number > 1");
    }

    @Test
    void saveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
        Model m = Model.builder(new Softfloor()).inputShape(5).dataType(DataType.DOUBLE).build();
        assertSaveLoadRoundTrip(m, gaussian(3, 3, 2, 5), dir);
        assertThat(m.predict(gaussian(3, 3, 2, 5)).shape()).containsExactly(2, 5);
    }
}
