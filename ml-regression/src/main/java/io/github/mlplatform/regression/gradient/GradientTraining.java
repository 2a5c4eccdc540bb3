package io.github.mlplatform.regression.gradient;

import io.github.mlplatform.core.exec.GraphExecutor;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.progress.Progress;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingDivergedException;
import io.github.mlplatform.core.train.TrainingListener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The seed's ways of training a one-layer model ({@code weight [in, out]}, {@code bias [out]},
 * e.g. ml-core's {@code Linear} as the root module):
 * <ul>
 *   <li>{@link #fullBatch}: one step per epoch on all data, the update written by hand,
 *       {@code w ← w − lr·∂loss/∂w} (SameDiff gives the partial derivatives, as
 *       {@code loss.backward()} does in the seed). The seed writes the rule as
 *       {@code w_new = w_old + n∇loss}; the step must go <em>against</em> the gradient.</li>
 *   <li>{@link #miniBatch}: the same hand-written update once per mini-batch.</li>
 *   <li>{@link #withTrainer}: ml-core's {@link Trainer} with {@code Optimizer.sgd(lr)} — the
 *       seed's "full PyTorch way" ({@code optim.SGD}).</li>
 * </ul>
 * Each records the parameters and the full-data loss at the start of every epoch and at the end,
 * and how the last training step was executed (the {@link GraphExecutor}'s replayed fast path, or
 * SameDiff's session and why).
 */
public final class GradientTraining {

    private GradientTraining() {
    }

    /** Full-batch gradient descent with the hand-written update. */
    public static TrainedRegression fullBatch(String method, Model model, INDArray x, INDArray y, GradientConfig cfg) {
        return handWritten(method, model, x, y, cfg, true);
    }

    /** Mini-batch gradient descent (batch {@code cfg.batchSize()}) with the hand-written update. */
    public static TrainedRegression miniBatch(String method, Model model, INDArray x, INDArray y, GradientConfig cfg) {
        return handWritten(method, model, x, y, cfg, false);
    }

    private static TrainedRegression handWritten(String method, Model model, INDArray x, INDArray y, GradientConfig cfg,
                                                 boolean fullBatch) {
        x = x.castTo(model.dataType());
        y = y.castTo(model.dataType());
        SameDiff sd = model.sameDiff();
        List<String> trainable = new ArrayList<>(model.trainableParameterNames());
        List<ParameterSnapshot> trajectory = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        trajectory.add(snapshot(model, 0, x, y));
        int batch = fullBatch ? (int) x.size(0) : cfg.batchSize();
        GraphExecutor ex = model.executor();
        GraphExecutor.Execution path = null;
        model.setTraining(true);
        try (Progress p = Progress.start(method, (long) cfg.epochs() * x.size(0))) {
            boolean shuffle = cfg.shuffle() && !fullBatch;
            Batches fixed = shuffle ? null : new Batches(x, y, batch, false, cfg.seed(), 0); // same batches every epoch
            for (int epoch = 0; epoch < cfg.epochs(); epoch++) {
                long start = System.nanoTime();
                Batches batches = fixed != null ? fixed : new Batches(x, y, batch, true, cfg.seed(), epoch);
                model.setTraining(true); // the snapshot below evaluates in evaluation mode
                int iteration = 0;
                for (DataSet d : batches.list()) {
                    double loss;
                    double lr = cfg.learningRate(epoch);
                    synchronized (ex) {
                        GraphExecutor.Result r = ex.run(Map.of(Model.INPUT, d.getFeatures(), Model.LABELS, d.getLabels()),
                                List.of(Model.LOSS), trainable);
                        loss = r.outputs().get(Model.LOSS).getDouble(0);
                        path = ex.lastExecution();
                        if (!Double.isFinite(loss)) {
                            throw new TrainingDivergedException(epoch + 1, iteration + 1, loss); // both count from 1
                        }
                        for (String name : trainable) {
                            Optimizer.sgdStep(sd.getArrForVarName(name), r.gradients().get(name), lr);
                        }
                    }
                    losses.add(loss);
                    p.step(d.getFeatures().size(0), String.format(Locale.ROOT, "loss %.4g", loss));
                    iteration++;
                }
                seconds.add((System.nanoTime() - start) / 1e9);
                trajectory.add(snapshot(model, epoch + 1, x, y));
            }
        } finally {
            model.setTraining(false);
        }
        return new TrainedRegression(method, model, trajectory, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                path == null ? null : path.toString(), seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Training by ml-core's {@link Trainer} with plain SGD at {@code cfg.learningRate()} (times
     * {@code cfg.lrDecay()} per epoch, as the Trainer's step schedule with a step of one epoch).
     */
    public static TrainedRegression withTrainer(String method, Model model, INDArray x, INDArray y, GradientConfig cfg) {
        INDArray xs = x.castTo(model.dataType());
        INDArray ys = y.castTo(model.dataType());
        List<ParameterSnapshot> trajectory = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        trajectory.add(snapshot(model, 0, xs, ys));
        TrainerConfig tc = TrainerConfig.of(cfg.epochs(), Optimizer.sgd(cfg.learningRate()));
        if (cfg.lrDecay() < 1) {
            tc = tc.withStepLr(1, cfg.lrDecay());
        }
        Trainer trainer = new Trainer(tc)
                .listener(new TrainingListener() {
                    @Override
                    public void onIteration(int epoch, int iteration, double loss, int batchSize) {
                        losses.add(loss);
                    }

                    @Override
                    public void onEpoch(EpochMetrics m) {
                        seconds.add(m.seconds());
                        trajectory.add(snapshot(model, m.epoch(), xs, ys));
                    }
                });
        try {
            Batches fixed = cfg.shuffle() ? null : new Batches(xs, ys, cfg.batchSize(), false, cfg.seed(), 0);
            trainer.fit(model, epoch -> fixed != null ? fixed : new Batches(xs, ys, cfg.batchSize(), true, cfg.seed(), epoch), null);
        } catch (IOException e) {
            throw new UncheckedIOException("training " + method, e); // only checkpoints do I/O, and none is configured
        }
        return new TrainedRegression(method, model, trajectory, losses.stream().mapToDouble(Double::doubleValue).toArray(),
                trainer.executionPath() == null ? null : trainer.executionPath().toString(),
                seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The model's {@code weight}/{@code bias} now and its loss on all data. */
    static ParameterSnapshot snapshot(Model model, int epoch, INDArray x, INDArray y) {
        SameDiff sd = model.sameDiff();
        INDArray w = sd.getArrForVarName(weightName(model));
        INDArray b = sd.getArrForVarName(biasName(model));
        double[][] wm = w.rank() == 2 ? w.toDoubleMatrix() : new double[][] {w.toDoubleVector()};
        return new ParameterSnapshot(epoch, wm, b.toDoubleVector(), model.loss(x, y));
    }

    private static String weightName(Model model) {
        return find(model, "weight");
    }

    private static String biasName(Model model) {
        return find(model, "bias");
    }

    private static String find(Model model, String local) {
        for (String n : model.parameterNames()) {
            if (n.equals(local) || n.endsWith("." + local)) {
                return n;
            }
        }
        throw new IllegalArgumentException("model: expected a one-layer model with a '" + local + "' parameter, got "
                + model.parameterNames());
    }
}
