package io.github.mlplatform.experiments.staged;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.module.Module;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import io.github.mlplatform.layers.ExpansionParallel;
import io.github.mlplatform.layers.ExpansionSerial;
import io.github.mlplatform.layers.StagedNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ml run staged}: the seed's staged network (experiment 08), "first fully train one network on
 * a task; freeze its weights and attach a new network; train the combined network and repeat".
 *
 * <p>The network is ml-layers' {@link StagedNetwork}: {@code ExpansionSerial[Flatten,
 * ExpansionParallel(branches), ExpansionReplace(heads)]}. Stage {@code s} attaches branch {@code s}
 * ({@code RandomSample(784 → 16)} then residual layers) and freezes branches {@code 0..s−1}.
 * <b>How a stage reaches the classifier</b> (the seed's notes show only the module tree): the
 * outputs of all active branches are concatenated, {@code (s+1)·16} features, and read by a new
 * head {@code Linear((s+1)·16 → 10)} of that stage, which starts from fresh initial values (the
 * seed's {@code ExpansionReplace}); the previous head is frozen and leaves the graph. So at stage
 * {@code s} only branch {@code s} and head {@code s} train.
 *
 * <p>Measured: test accuracy after each stage; a check, written to {@code final.frozen_check}, that
 * every parameter frozen at the end of its stage is bit-identical after all later stages trained;
 * and the control: the same final network (same initial values) trained jointly, every branch and
 * the last head, for {@code stages × epochs-per-stage} epochs. A killed run resumes ({@code --resume})
 * from the last finished epoch of its stage (or of the control).
 */
public final class StagedExperiment implements Experiment<StagedConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(StagedExperiment.class);
    /** Written when the run starts; its presence makes the run resumable. */
    public static final String CHECKPOINT = "checkpoints/started.json";

    @Override
    public String name() {
        return "staged";
    }

    @Override
    public String description() {
        return "staged network: train a branch, freeze it, attach the next (MNIST), against the same network trained jointly";
    }

    @Override
    public Class<StagedConfig> configType() {
        return StagedConfig.class;
    }

    @Override
    public StagedConfig defaults() {
        return StagedConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    /** One stage's outcome. */
    @com.fasterxml.jackson.databind.annotation.JsonNaming(com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Stage(int stage, int branches, long trainableParameters, long parameters, double testAccuracy, double testLoss,
                 double seconds, String executionPath) {
    }

    @Override
    public String run(StagedConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        Files.createDirectories(rec.file("checkpoints"));
        Json.write(rec.file(CHECKPOINT), Map.of("stages", cfg.stages()));
        LabeledImages train = LenetExperiment.mnist(ctx.options(), true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, 0);
        rec.note("train_data", train.source() + " (" + train.size() + " images)");
        rec.note("test_data", test.source() + " (" + test.size() + " images)");
        rec.note("head", "stage s: the concatenated outputs of branches 0..s, (s+1)*" + cfg.subsetSize()
                + " features, read by a new Linear((s+1)*" + cfg.subsetSize() + " -> 10) that starts from fresh initial values "
                + "(the seed's ExpansionReplace); only branch s and head s train");
        IteratorConfig base = IteratorConfig.defaults().withLayout(IteratorConfig.Layout.NCHW);
        IteratorConfig trainCfg = base.withShuffle(true).withBatchSize(cfg.batchSize());
        ImageDataSetIterator testIt = new ImageDataSetIterator(test, base.withShuffle(false).withBatchSize(1000));

        // staged: train branch s (and head s), freeze, attach the next
        ExpansionSerial net = StagedNetwork.build(cfg.network());
        List<Stage> stages = new ArrayList<>();
        List<Map<String, Object>> epochs = new ArrayList<>();
        Map<String, INDArray> frozenAtTheirStage = new LinkedHashMap<>();
        Model model = null;
        for (int s = 0; s < cfg.stages(); s++) {
            net.expandTo(s);
            model = build(net, cfg.seed());
            Trainer trainer = trainer(cfg, cfg.epochsPerStage(), rec.file("checkpoints/stage-" + (s + 1)), ctx.resumed());
            final int stage = s;
            LOG.info("stage {} of {}: {} trainable of {} parameters", s + 1, cfg.stages(), trainable(model), model.module().parameterCount());
            List<EpochMetrics> h = trainer.fit(model, e -> new ImageDataSetIterator(train,
                    trainCfg.withSeed(cfg.seed() + 1000L * stage + e)), testIt);
            for (EpochMetrics m : h) {
                Map<String, Object> e = m.toMap();
                e.put("epoch", stage * cfg.epochsPerStage() + m.epoch());
                e.put("stage", stage + 1);
                epochs.add(e);
            }
            EpochMetrics last = h.get(h.size() - 1);
            stages.add(new Stage(s + 1, s + 1, trainable(model), model.module().parameterCount(), last.test().accuracy(), last.test().loss(),
                    h.stream().mapToDouble(EpochMetrics::seconds).sum(), path(trainer)));
            LOG.info("stage {}: test accuracy {}", s + 1, String.format(Locale.ROOT, "%.4f", last.test().accuracy()));
            // the values of branch s and head s as they are frozen; later stages must leave them bit for bit
            Map<String, INDArray> state = net.stateDict();
            for (String name : model.trainableParameterNames()) {
                frozenAtTheirStage.put(name, state.get(name).dup());
            }
            writeEpochs(rec, epochs);
            rec.putFinal("stages", stages);
        }
        rec.note("model", model.description());
        Map<String, Object> check = frozenCheck(net.stateDict(), frozenAtTheirStage, cfg.stages());
        rec.putFinal("frozen_check", check);
        rec.note("execution_path", stages.get(stages.size() - 1).executionPath());

        // the control: the final network from the same initial values, everything trained jointly
        Stage controlResult = null;
        List<EpochMetrics> controlHistory = List.of();
        if (cfg.control()) {
            ExpansionSerial joint = StagedNetwork.build(cfg.network());
            joint.expandTo(cfg.stages() - 1);
            ((ExpansionParallel) joint.modules().get(1)).activeNetworks().forEach(Module::unfreeze);
            Model cm = build(joint, cfg.seed());
            int total = cfg.stages() * cfg.epochsPerStage();
            Trainer trainer = trainer(cfg, total, rec.file("checkpoints/control"), ctx.resumed());
            LOG.info("control: the final network trained jointly for {} epochs, {} trainable parameters", total, trainable(cm));
            controlHistory = trainer.fit(cm, e -> new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + 7_000_000L + e)), testIt);
            EpochMetrics last = controlHistory.get(controlHistory.size() - 1);
            controlResult = new Stage(cfg.stages(), cfg.stages(), trainable(cm), cm.module().parameterCount(), last.test().accuracy(),
                    last.test().loss(), controlHistory.stream().mapToDouble(EpochMetrics::seconds).sum(), path(trainer));
            for (int i = 0; i < controlHistory.size(); i++) {
                epochs.get(i).put("control_test_accuracy", controlHistory.get(i).test().accuracy());
            }
            writeEpochs(rec, epochs);
            rec.putFinal("control", controlResult);
        }
        Stage finalStage = stages.get(stages.size() - 1);
        rec.putFinal("test_accuracy", finalStage.testAccuracy());
        if (controlResult != null) {
            rec.putFinal("control_test_accuracy", controlResult.testAccuracy());
            rec.putFinal("staged_minus_control", finalStage.testAccuracy() - controlResult.testAccuracy());
        }
        model.save(rec.file("staged.model"));
        StagedFigures.accuracyByStage(rec.figuresDir().resolve("accuracy-by-stage.png"), stages, controlResult);
        StagedFigures.curves(rec.figuresDir().resolve("test-accuracy-per-epoch.png"), epochs);
        return summary(cfg, stages, check, controlResult, rec.dir());
    }

    private static Model build(ExpansionSerial net, long seed) {
        return Model.builder(net).inputShape(1, 28, 28).labelShape(10).loss(Loss.crossEntropyFromLogits()).seed(seed).build();
    }

    private static Trainer trainer(StagedConfig cfg, int epochs, Path dir, boolean resume) throws java.io.IOException {
        Files.createDirectories(dir);
        return new Trainer(TrainerConfig.of(epochs, Optimizer.adam(cfg.lr()))).workers(cfg.workers()).checkpointDir(dir).resume(resume);
    }

    private static long trainable(Model m) {
        Map<String, INDArray> s = m.stateDict();
        return m.trainableParameterNames().stream().mapToLong(n -> s.get(n).length()).sum();
    }

    private static String path(Trainer t) {
        return t.executionPath() == null ? "none" : t.executionPath().toString();
    }

    private static void writeEpochs(RunRecord rec, List<Map<String, Object>> epochs) {
        rec.truncateEpochs(0);
        epochs.forEach(rec::addEpoch);
    }

    /**
     * Compares every parameter as it was when its stage ended (and it was frozen) with its value
     * after the last stage, bit for bit (float bits, so −0 and 0 or two NaNs would differ). The
     * parameters of the last stage are not frozen by any later stage and are not counted.
     */
    static Map<String, Object> frozenCheck(Map<String, INDArray> finalState, Map<String, INDArray> atTheirStage, int stages) {
        int checked = 0;
        int identical = 0;
        long values = 0;
        double maxDiff = 0;
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : atTheirStage.entrySet()) {
            if (isLastStage(e.getKey(), stages)) {
                continue;
            }
            INDArray now = finalState.get(e.getKey());
            checked++;
            values += e.getValue().length();
            boolean same = now != null && Arrays.equals(bits(e.getValue()), bits(now));
            if (same) {
                identical++;
            } else {
                changed.add(e.getKey());
                if (now != null) {
                    maxDiff = Math.max(maxDiff, e.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                            .sub(now.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber().doubleValue());
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("parameters_checked", checked);
        out.put("values_checked", values);
        out.put("bit_identical", identical);
        out.put("all_bit_identical", checked > 0 && identical == checked);
        out.put("changed", changed);
        out.put("max_abs_change", maxDiff);
        return out;
    }

    /** Branch {@code stages−1} ({@code 1.<last>.…}) and head {@code stages−1} ({@code 2.<last>.…}) train in the last stage. */
    private static boolean isLastStage(String name, int stages) {
        String last = Integer.toString(stages - 1);
        return name.startsWith("1." + last + ".") || name.startsWith("2." + last + ".");
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup('c').data().asFloat();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    private static String summary(StagedConfig cfg, List<Stage> stages, Map<String, Object> check, Stage control, Path dir) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Staged network (seed 08) on MNIST: %d stages x %d epoch(s), RandomSample(%d) -> residual branch, "
                        + "Adam %s, batch %d%n", cfg.stages(), cfg.epochsPerStage(), cfg.subsetSize(), ConfigBinder.text(cfg.lr()), cfg.batchSize()));
        sb.append("  stage  branches  trainable/all parameters  test accuracy  seconds\n");
        for (Stage s : stages) {
            sb.append(String.format(Locale.ROOT, "  %5d  %8d  %10d / %-12d %12.2f%%  %7.1f%n", s.stage(), s.branches(), s.trainableParameters(),
                    s.parameters(), 100 * s.testAccuracy(), s.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "  frozen parameters bit-identical after the later stages: %s of %s (%s values)%s%n",
                check.get("bit_identical"), check.get("parameters_checked"), check.get("values_checked"),
                Boolean.TRUE.equals(check.get("all_bit_identical")) ? "" : "  CHANGED: " + check.get("changed")));
        if (control != null) {
            Stage last = stages.get(stages.size() - 1);
            sb.append(String.format(Locale.ROOT, "  control, the same final network trained jointly for %d epochs: %.2f%% (staged %.2f%%, %+.2f points)%n",
                    cfg.stages() * cfg.epochsPerStage(), 100 * control.testAccuracy(), 100 * last.testAccuracy(),
                    100 * (last.testAccuracy() - control.testAccuracy())));
            double stagedSeconds = stages.stream().mapToDouble(Stage::seconds).sum();
            sb.append(String.format(Locale.ROOT, "  training time: staged %.1f s, control %.1f s%n", stagedSeconds, control.seconds()));
        }
        sb.append("  training steps: ").append(stages.get(stages.size() - 1).executionPath()).append('\n');
        sb.append("  run directory      ").append(dir).append('\n');
        return sb.toString();
    }
}
