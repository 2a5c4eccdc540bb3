package io.github.mlplatform.core.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

import java.io.File;
import java.net.URISyntaxException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ScaledAdaDelta} against {@code torch.optim.Adadelta(lr=1.0, rho=0.9, eps=1e-6)} with
 * {@code StepLR(gamma=0.7)}: six steps on fixed tensors, in double precision
 * ({@code numerics/adadelta_reference.py} wrote the fixture).
 */
class ScaledAdaDeltaTest {

    static INDArray npy(String name) throws URISyntaxException {
        File f = new File(ScaledAdaDeltaTest.class.getResource("/numerics/adadelta/" + name).toURI());
        return Nd4j.createFromNpyFile(f).castTo(DataType.DOUBLE);
    }

    /** What the Trainer does with an updater: state of the parameter's size, then g → update, w -= update. */
    static double maxDifferenceFromTorch(IUpdater updater) throws URISyntaxException {
        INDArray w = npy("param0.npy").dup('c');
        INDArray grads = npy("grads.npy");
        INDArray expected = npy("params.npy");
        INDArray view = Nd4j.zeros(DataType.DOUBLE, 1, updater.stateSize(w.length()));
        GradientUpdater<?> u = updater.instantiate(view, true);
        u.setStateViewArray(view, w.shape(), 'c', true);
        double worst = 0;
        for (int step = 0; step < grads.size(0); step++) {
            INDArray g = grads.slice(step).dup('c');
            u.applyUpdater(g, step, step / 2); // two steps per epoch, as the fixture's StepLR
            w.subi(g);
            worst = Math.max(worst, w.sub(expected.slice(step)).amaxNumber().doubleValue());
        }
        return worst;
    }

    @Test
    void matchesTorchAdadeltaWithStepLr() throws Exception {
        IUpdater u = Optimizer.adadelta(1.0).toUpdater(new StepSchedule(ScheduleType.EPOCH, 1.0, 0.7, 1));
        assertThat(u).isInstanceOf(ScaledAdaDelta.class);
        assertThat(((ScaledAdaDelta) u).rho()).isEqualTo(0.9);
        double[] lrs = npy("lrs.npy").toDoubleVector();
        for (int step = 0; step < lrs.length; step++) {
            assertThat(u.getLearningRate(step, step / 2)).isCloseTo(lrs[step], within(1e-15));
        }
        assertThat(maxDifferenceFromTorch(u)).isLessThan(1e-12);
    }

    @Test
    void theScheduleAndRhoMatter() throws Exception {
        // the same steps without the schedule, or with ND4J's default rho 0.95, end elsewhere: the check above can fail
        assertThat(maxDifferenceFromTorch(new ScaledAdaDelta(1.0, null, 0.9, 1e-6))).isGreaterThan(1e-4);
        assertThat(maxDifferenceFromTorch(new ScaledAdaDelta(1.0, new StepSchedule(ScheduleType.EPOCH, 1.0, 0.7, 1), 0.95, 1e-6)))
                .isGreaterThan(1e-4);
    }

    @Test
    void aConstantRateScalesTheStep() throws Exception {
        INDArray g = npy("grads.npy").slice(0).dup('c');
        INDArray unit = g.dup();
        INDArray half = g.dup();
        for (var pair : new Object[][]{{new ScaledAdaDelta(1.0, null, 0.9, 1e-6), unit}, {new ScaledAdaDelta(0.5, null, 0.9, 1e-6), half}}) {
            IUpdater cfg = (IUpdater) pair[0];
            INDArray view = Nd4j.zeros(DataType.DOUBLE, 1, cfg.stateSize(g.length()));
            GradientUpdater<?> u = cfg.instantiate(view, true);
            u.setStateViewArray(view, g.shape(), 'c', true);
            u.applyUpdater((INDArray) pair[1], 0, 0);
        }
        assertThat(half.mul(2).sub(unit).amaxNumber().doubleValue()).isLessThan(1e-15);
    }

    @Test
    void badSettingsAreRejected() {
        assertThatThrownBy(() -> Optimizer.adadelta(0)).hasMessageContaining("learning rate must be positive");
        assertThatThrownBy(() -> new ScaledAdaDelta(1.0, null, 1.0, 1e-6)).hasMessageContaining("rho");
        assertThatThrownBy(() -> new ScaledAdaDelta(1.0, null, 0.9, 0)).hasMessageContaining("epsilon");
    }
}
