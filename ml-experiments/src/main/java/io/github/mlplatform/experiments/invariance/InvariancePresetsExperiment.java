package io.github.mlplatform.experiments.invariance;

import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.config.Check;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.config.Param;
import io.github.mlplatform.experiments.lenet.LenetConfig;
import io.github.mlplatform.invariance.DenseMatrix;
import io.github.mlplatform.invariance.Implementation;
import io.github.mlplatform.invariance.InvarianceAnalysis;
import io.github.mlplatform.invariance.InvarianceControls;
import io.github.mlplatform.invariance.MwtaConfig;
import io.github.mlplatform.invariance.Precision;
import io.github.mlplatform.viz.image.GridStyle;
import io.github.mlplatform.viz.image.ImageFiles;
import io.github.mlplatform.viz.image.Mosaic;
import io.github.mlplatform.viz.image.WeightGrid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ml run invariance-presets}: the notebook's hand-tuned runs ({@link InvariancePreset}) side by
 * side, one command. Every preset is trained as {@code ml run invariance -P preset=NAME} would (fused,
 * double precision, the same frames and seed), {@code workers} models at a time, one per thread (the
 * fused layers are single-threaded, so two workers use both cores of the build machine). For each
 * preset it reports the controls of {@link InvarianceControls} (slowness and probe separation of the
 * trained layer, the initial U, shuffled frames and a fixed grouping), coverage, reconstruction
 * error, steps/s and seconds, and draws its pictures into {@code figures/<preset>/} with the code of
 * {@code ml run invariance}; {@code figures/prototypes_side_by_side.png} puts the normalised
 * prototypes U W of all presets in one row, in the order of {@code presets}. Wall time is recorded
 * beside the sum of the presets' own times. {@code -P dataset=fashion-mnist} runs them on a tapestry
 * of Fashion-MNIST images. No checkpoints: a killed comparison is run again.
 */
public final class InvariancePresetsExperiment implements Experiment<InvariancePresetsExperiment.Config> {

    private static final Logger LOG = LoggerFactory.getLogger(InvariancePresetsExperiment.class);

    @Override
    public String name() {
        return "invariance-presets";
    }

    @Override
    public String description() {
        return "the invariance notebook's hand-tuned runs side by side with their controls, trained in parallel (seed 001)";
    }

    /**
     * Settings of {@code ml run invariance-presets}, written to the run's {@code config.json} under the same keys.
     *
     * <!-- settings: generated from the @Param annotations by ConfigBinder.javadoc; ConfigDocsTest checks it -->
     * <table>
     * <caption>Settings: {@code -P key=value}, the fields of {@code config.json}</caption>
     * <tr><th>key</th><th>type</th><th>default</th><th>meaning</th></tr>
     * <tr><td>{@code presets}</td><td>list of six-winners|three-winners|four-winners|renormalised|stable</td><td>six-winners,three-winners,four-winners,renormalised,stable</td><td>the presets to compare, in this order (InvariancePreset)</td></tr>
     * <tr><td>{@code dataset}</td><td>mnist|fashion-mnist</td><td>mnist</td><td>images of the tapestry: MNIST digits (the seed) or Fashion-MNIST (the notebook's wish beyond digits)</td></tr>
     * <tr><td>{@code neurons}</td><td>integer</td><td>100</td><td>invariant neurons; 49 is the seed's 7x7 variant (rows renormalised to sum 18)</td></tr>
     * <tr><td>{@code epochs}</td><td>integer</td><td>20 epochs</td><td>passes over the same frames</td></tr>
     * <tr><td>{@code limit}</td><td>integer</td><td>10000 steps</td><td>training steps (frames) per epoch</td></tr>
     * <tr><td>{@code seed}</td><td>integer</td><td>42</td><td>seed of the weights and of the tapestry's random walk</td></tr>
     * <tr><td>{@code workers}</td><td>integer</td><td>cores, at most 2</td><td>presets trained at once, one per thread (the fused layers use one core each)</td></tr>
     * </table>
     * <!-- /settings -->
     */
    public record Config(
            @Param(doc = "the presets to compare, in this order (InvariancePreset)") List<InvariancePreset> presets,
            @Param(doc = "images of the tapestry: MNIST digits (the seed) or Fashion-MNIST (the notebook's wish beyond digits)")
            InvarianceDataset dataset,
            @Param(doc = "invariant neurons; 49 is the seed's 7x7 variant (rows renormalised to sum 18)") int neurons,
            @Param(doc = "passes over the same frames", unit = "epochs") int epochs,
            @Param(doc = "training steps (frames) per epoch", unit = "steps") int limit,
            @Param(doc = "seed of the weights and of the tapestry's random walk") long seed,
            @Param(doc = "presets trained at once, one per thread (the fused layers use one core each)",
                    defaultText = "cores, at most 2") int workers) {

        public Config {
            Check.that(presets != null && !presets.isEmpty(), "presets", "must name at least one preset");
            Check.distinct(presets, "presets", "preset");
            Check.that(dataset != null, "dataset", "is required");
            // the grouping control pools the sparse layer's neurons into the invariant ones: more invariant neurons
            // than sparse ones trained the whole schedule and then failed in the analysis, leaving a failed run
            Check.between(neurons, 1, MwtaConfig.defaults().neurons(), "neurons");
            Check.atLeast(epochs, 1, "epochs");
            Check.atLeast(limit, 2, "limit");
            Check.atLeast(workers, 1, "workers");
        }
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    /** All five presets on MNIST with the seed's schedule (20 epochs of 10,000 steps), seed 42. */
    @Override
    public Config defaults() {
        return new Config(List.of(InvariancePreset.values()), InvarianceDataset.MNIST, 100, 20, 10_000, 42,
                LenetConfig.defaultWorkers());
    }

    /** One preset's outcome and the seconds its thread spent on it (training and analysis). */
    private record Done(InvariancePreset preset, InvarianceExperiment.Trained trained, double seconds) {
    }

    @Override
    public String run(Config config, RunContext ctx) throws Exception {
        RunRecord record = ctx.record();
        LabeledImages images = config.dataset().load(ctx.options());
        record.note("data", images.source().toString());
        InvarianceExperiment.Frames frames = InvarianceExperiment.frames(InvarianceExperiment.Stream.TAPESTRY, config.dataset(),
                images.images(), config.limit(), config.seed());
        record.note("frames", frames.description());
        int workers = Math.min(config.workers(), config.presets().size());

        long t0 = System.nanoTime();
        List<Done> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "invariance-preset");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Done>> futures = new ArrayList<>();
            for (InvariancePreset p : config.presets()) {
                futures.add(pool.submit(() -> {
                    long s0 = System.nanoTime();
                    String name = ConfigBinder.enumText(p);
                    InvarianceExperiment.Trained t = InvarianceExperiment.train(p, config.neurons(), Implementation.FUSED,
                            Precision.DOUBLE, config.epochs(), config.limit(), config.seed(), frames, null, false,
                            "invariance " + name, null, null);
                    return new Done(p, t, (System.nanoTime() - s0) / 1e9);
                }));
            }
            for (Future<Done> f : futures) {
                try {
                    done.add(f.get());
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof Exception ex) {
                        throw ex;
                    }
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double sum = done.stream().mapToDouble(Done::seconds).sum();

        List<BufferedImage> side = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Done d : done) {
            InvarianceExperiment.Trained t = d.trained();
            String name = ConfigBinder.enumText(d.preset());
            DenseMatrix w = t.model().sparse().weights();
            DenseMatrix u = t.model().invariant().weights();
            int groupSize = (int) Math.round(t.invariant().renormSum());
            InvarianceExperiment.writeFigures(record.figuresDir().resolve(name), w, u, t.sparse(), t.invariant(), frames.side(),
                    groupSize, t.report(), t.result().epochs());
            int[] grid = WeightGrid.gridFor(t.invariant().neurons());
            side.add(WeightGrid.draw(InvarianceExperiment.rows(InvarianceAnalysis.normalisedPrototypes(u, w)), grid[0], grid[1],
                    frames.side(), GridStyle.weights().withScale(2)));
            rows.add(row(d));
        }
        ImageFiles.write(Mosaic.tile(side, side.size()), record.figuresDir().resolve("prototypes_side_by_side.png"));

        record.putFinal("presets", rows);
        record.putFinal("workers", workers);
        record.putFinal("wall_seconds", wall);
        record.putFinal("sum_of_preset_seconds", sum);
        record.putFinal("parallel_speedup", sum / wall);
        record.putFinal("available_processors", Runtime.getRuntime().availableProcessors());
        return record.writeSummary(summary(config, frames, done, workers, wall, sum, record));
    }

    private static Map<String, Object> row(Done d) {
        InvarianceExperiment.Trained t = d.trained();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", ConfigBinder.enumText(d.preset()));
        m.put("winners", t.sparse().winners());
        m.put("xi", t.sparse().xi());
        m.put("alpha", t.invariant().alpha());
        m.put("leta", t.invariant().leta());
        m.put("seta", t.invariant().seta());
        m.put("renorm_every", t.invariant().renormEvery());
        m.put("slowness_ratio", t.report().slownessInvariant() / t.report().slownessSparse());
        m.putAll(InvarianceExperiment.controlsMetrics(t.controls()));
        m.put("slowness_sparse", t.controls().sparseSlowness());
        m.put("coverage", t.report().coverage());
        m.put("recon_relative", t.report().reconRelative());
        m.put("steps_per_second", t.result().stepsPerSecond());
        m.put("seconds", d.seconds());
        m.put("verdict", t.controls().verdict());
        return m;
    }

    private static String summary(Config c, InvarianceExperiment.Frames frames, List<Done> done, int workers, double wall,
                                  double sum, RunRecord record) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "invariance presets (seed 001): %d presets on %s, %d epochs x %d steps, %d invariant neurons, "
                + "fused/double, %d at a time%n", done.size(), c.dataset().label(), c.epochs(), c.limit(), c.neurons(), workers));
        b.append(String.format(Locale.ROOT, "  %-13s %3s %6s %5s %5s %7s %6s | %-31s | %-25s | %5s %5s %7s %6s%n", "preset", "n", "xi",
                "alpha", "leta", "seta", "renorm", "slowness: trained init shuf grp", "separation: trained init grp", "cover", "recon",
                "steps/s", "s"));
        for (Done d : done) {
            InvarianceExperiment.Trained t = d.trained();
            InvarianceControls.Report r = t.controls();
            b.append(String.format(Locale.ROOT, "  %-13s %3d %6.3f %5.3f %5.3f %7.4f %6d | %7.3f %7.3f %7.3f %7.3f | %7.3f %7.3f %7.3f"
                            + "   | %5.3f %5.3f %7.0f %6.1f%n",
                    ConfigBinder.enumText(d.preset()), t.sparse().winners(), t.sparse().xi(), t.invariant().alpha(), t.invariant().leta(),
                    t.invariant().seta(), t.invariant().renormEvery(),
                    r.row(InvarianceControls.Variant.TRAINED).slowness(), r.row(InvarianceControls.Variant.INITIAL_U).slowness(),
                    r.row(InvarianceControls.Variant.SHUFFLED).slowness(), r.row(InvarianceControls.Variant.GROUPING).slowness(),
                    r.row(InvarianceControls.Variant.TRAINED).separation().index(),
                    r.row(InvarianceControls.Variant.INITIAL_U).separation().index(),
                    r.row(InvarianceControls.Variant.GROUPING).separation().index(),
                    t.report().coverage(), t.report().reconRelative(), t.result().stepsPerSecond(), d.seconds()));
        }
        b.append("  (slowness lower = slower; separation 1 = held-frame response depends only on the image; sparse input slowness / "
                + "separation / separation of a pooling built from the probes' labels: ");
        for (int i = 0; i < done.size(); i++) {
            InvarianceControls.Report r = done.get(i).trained().controls();
            b.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.3f / %.3f / %.3f", ConfigBinder.enumText(done.get(i).preset()),
                    r.sparseSlowness(), r.sparseSeparation().index(), r.labelPooling().index()));
        }
        b.append(")\n");
        for (Done d : done) {
            b.append("  ").append(ConfigBinder.enumText(d.preset())).append(": ").append(d.trained().controls().verdict()).append('\n');
        }
        b.append(String.format(Locale.ROOT, "  wall time %.1f s for presets that took %.1f s together (%.2fx with %d workers)%n",
                wall, sum, sum / wall, workers));
        b.append("  frames: ").append(frames.description()).append('\n');
        b.append("  figures: ").append(record.figuresDir()).append('\n');
        return b.toString();
    }
}
