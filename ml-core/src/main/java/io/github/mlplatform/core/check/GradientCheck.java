package io.github.mlplatform.core.check;

import io.github.mlplatform.core.model.Model;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Compares SameDiff's analytic gradients of a model's loss with central finite differences, in
 * double precision (after DL4J's GradientCheckUtil). Use it in tests of every module with
 * parameters: build the model with {@code dataType(DataType.DOUBLE)} and call {@link #check}.
 */
public final class GradientCheck {

    /** The outcome: how many parameter elements were checked and the worst relative error. */
    public record Result(int checked, int failed, double maxRelativeError, List<String> failures) {
        public boolean passed() {
            return failed == 0 && checked > 0;
        }
    }

    private GradientCheck() {
    }

    /**
     * Checks up to {@code maxPerParameter} randomly chosen elements of each trainable parameter.
     * An element passes when the relative error |a−n|/(|a|+|n|) is below {@code maxRelError} or the
     * absolute error below {@code minAbsError}.
     */
    public static Result check(Model model, INDArray input, INDArray labels, double epsilon, double maxRelError,
                               double minAbsError, int maxPerParameter, long seed) {
        if (model.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("gradient checks need a DOUBLE model; build it with dataType(DataType.DOUBLE), got "
                    + model.dataType());
        }
        SameDiff sd = model.sameDiff();
        model.setTraining(false);
        Map<String, INDArray> ph = Map.of(Model.INPUT, input.castTo(DataType.DOUBLE), Model.LABELS, labels.castTo(DataType.DOUBLE));
        List<String> names = new ArrayList<>(model.trainableParameterNames());
        Map<String, INDArray> grads = sd.calculateGradients(ph, names);
        SplittableRandom rng = new SplittableRandom(seed);
        int checked = 0;
        int failed = 0;
        double worst = 0;
        List<String> failures = new ArrayList<>();
        for (String name : names) {
            INDArray p = sd.getArrForVarName(name);
            if (p.ordering() != 'c' || p.isView()) {
                throw new IllegalStateException("parameter " + name + " is not a plain c-ordered array");
            }
            INDArray g = grads.get(name) == null ? null : grads.get(name).dup('c');
            if (g == null) {
                failures.add(name + ": no gradient (parameter not connected to the loss?)");
                failed++;
                continue;
            }
            long n = p.length();
            int count = (int) Math.min(n, maxPerParameter);
            for (int k = 0; k < count; k++) {
                long i = n <= maxPerParameter ? k : rng.nextLong(n);
                double orig = p.getDouble(i);
                p.putScalar(i, orig + epsilon);
                double plus = loss(sd, ph);
                p.putScalar(i, orig - epsilon);
                double minus = loss(sd, ph);
                p.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * epsilon);
                double analytic = g.getDouble(i);
                double abs = Math.abs(analytic - numeric);
                double denom = Math.abs(analytic) + Math.abs(numeric);
                double rel = denom == 0 ? 0 : abs / denom;
                checked++;
                if (rel > maxRelError && abs > minAbsError) {
                    failed++;
                    if (failures.size() < 20) {
                        failures.add(String.format(Locale.ROOT, "%s[%d]: analytic %.8g numeric %.8g (rel %.3g)", name, i, analytic, numeric, rel));
                    }
                }
                if (abs > minAbsError) {
                    worst = Math.max(worst, rel);
                }
            }
        }
        return new Result(checked, failed, worst, failures);
    }

    /** {@link #check} with DL4J-like defaults: ε = 1e-6, max relative error 1e-5, min absolute error 1e-9, 30 elements each. */
    public static Result check(Model model, INDArray input, INDArray labels) {
        return check(model, input, labels, 1e-6, 1e-5, 1e-9, 30, 12345);
    }

    private static double loss(SameDiff sd, Map<String, INDArray> ph) {
        return sd.output(ph, Model.LOSS).get(Model.LOSS).getDouble(0);
    }
}
