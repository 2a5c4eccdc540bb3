package io.github.mlplatform.core.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Locale;

/**
 * Which optimizer to train with, as plain data (so it can be written to a run's config).
 *
 * @param type         {@code sgd}, {@code adam} or {@code adadelta}
 * @param learningRate base learning rate; for {@code adadelta} it multiplies the AdaDelta step as
 *                     PyTorch's {@code Adadelta(lr)} does (1.0 = the original method; see {@link ScaledAdaDelta})
 * @param momentum     for {@code sgd}: 0 for plain SGD, otherwise Nesterov momentum (ND4J has no
 *                     classical-momentum updater; Nesterov is the usual drop-in)
 */
public record Optimizer(String type, double learningRate, double momentum) {

    public Optimizer {
        type = type.toLowerCase(Locale.ROOT);
        if (!type.equals("sgd") && !type.equals("adam") && !type.equals("adadelta")) {
            throw new IllegalArgumentException("optimizer must be one of sgd, adam, adadelta; got '" + type + "'");
        }
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
    }

    public static Optimizer sgd(double lr) {
        return new Optimizer("sgd", lr, 0);
    }

    public static Optimizer sgd(double lr, double momentum) {
        return new Optimizer("sgd", lr, momentum);
    }

    public static Optimizer adam(double lr) {
        return new Optimizer("adam", lr, 0);
    }

    /** AdaDelta with learning rate 1.0 (the original method), rho 0.9, eps 1e-6 (PyTorch's defaults). */
    public static Optimizer adadelta() {
        return adadelta(1.0);
    }

    /** PyTorch's {@code Adadelta(lr)}: rho 0.9, eps 1e-6, the step multiplied by {@code lr}. */
    public static Optimizer adadelta(double lr) {
        return new Optimizer("adadelta", lr, 0);
    }

    /** AdaDelta's decay of its running averages, PyTorch's default (ND4J's {@code AdaDelta} defaults to 0.95). */
    public static final double ADADELTA_RHO = 0.9;
    /** AdaDelta's epsilon, PyTorch's and ND4J's default. */
    public static final double ADADELTA_EPSILON = 1e-6;

    /**
     * One plain gradient-descent step in place, {@code w -= lr·g}: a single BLAS {@code axpy} when
     * both are whole arrays of one type, order and length (on small parameters each ND4J op costs more
     * than its arithmetic, and ND4J's {@code Sgd} updater plus the subtraction are two ops), otherwise
     * {@code w -= lr·g} through a copy of {@code g} in {@code w}'s order. {@code g} is not changed.
     */
    public static void sgdStep(INDArray w, INDArray g, double lr) {
        if (g.ordering() == w.ordering() && !g.isView() && !w.isView() && g.dataType() == w.dataType() && g.length() == w.length()) {
            Nd4j.getBlasWrapper().level1().axpy(g.length(), -lr, g, w);
        } else {
            w.subi(g.dup(w.ordering()).muli(lr));
        }
    }

    /** The ND4J updater, with the learning rate given by {@code schedule} (or constant when null). */
    public IUpdater toUpdater(ISchedule schedule) {
        return switch (type) {
            case "sgd" -> momentum == 0
                    ? (schedule == null ? new Sgd(learningRate) : new Sgd(schedule))
                    : (schedule == null ? new Nesterovs(learningRate, momentum) : new Nesterovs(schedule, momentum));
            case "adam" -> schedule == null ? new Adam(learningRate) : new Adam(schedule);
            case "adadelta" -> new ScaledAdaDelta(learningRate, schedule, ADADELTA_RHO, ADADELTA_EPSILON);
            default -> throw new IllegalStateException(type);
        };
    }
}
