package io.github.mlplatform.experiments.topology;

import io.github.mlplatform.core.loss.Loss;
import io.github.mlplatform.core.model.Model;
import io.github.mlplatform.core.run.RunRecord;
import io.github.mlplatform.core.util.Json;
import io.github.mlplatform.core.train.EpochMetrics;
import io.github.mlplatform.core.train.Optimizer;
import io.github.mlplatform.core.train.Trainer;
import io.github.mlplatform.core.train.TrainerConfig;
import io.github.mlplatform.core.train.TrainingListener;
import io.github.mlplatform.datasets.LabeledImages;
import io.github.mlplatform.datasets.iterator.ImageDataSetIterator;
import io.github.mlplatform.datasets.iterator.IteratorConfig;
import io.github.mlplatform.experiments.Benchmark;
import io.github.mlplatform.experiments.Experiment;
import io.github.mlplatform.experiments.RunContext;
import io.github.mlplatform.experiments.TrainingRecords;
import io.github.mlplatform.experiments.config.ConfigBinder;
import io.github.mlplatform.experiments.lenet.LenetExperiment;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * {@code ml run topology}: the seed's "determine topology" (experiment 03). A single
 * {@code Linear(784 → 784, bias = false)} is trained on MNIST so that its weight matrix reads as
 * pixel relations; the run draws the 784 × 784 matrix, a zoom on the centre rows, the mean weight by
 * pixel offset, and the graph of pixels joined where the weight passes a threshold, laid out by a
 * force-directed layout; and it measures how much of each pixel's strongest links go to its grid
 * neighbours, against random links, against the untrained weights and against the exact
 * least-squares optimum of the masked objective.
 */
public final class TopologyExperiment implements Experiment<TopologyConfig> {

    private static final Logger LOG = LoggerFactory.getLogger(TopologyExperiment.class);
    /** The checkpoint file of a run directory ({@link Trainer} writes it last). */
    public static final String CHECKPOINT = "checkpoints/checkpoint.json";
    static final int SIDE = 28;
    static final int PIXELS = SIDE * SIDE;
    /** Offsets |dy|, |dx| up to this are profiled. */
    static final int RADIUS = 4;
    /** The zoom: image rows 9..18, the 280 pixels around the centre. */
    static final int ZOOM_FROM = 9;
    static final int ZOOM_TO = 18;

    @Override
    public String name() {
        return "topology";
    }

    @Override
    public String description() {
        return "Linear(784 -> 784, no bias) on MNIST: the weights as pixel relations, their graph, and how grid-like they are";
    }

    @Override
    public Class<TopologyConfig> configType() {
        return TopologyConfig.class;
    }

    @Override
    public TopologyConfig defaults() {
        return TopologyConfig.defaults();
    }

    @Override
    public Optional<String> checkpoint() {
        return Optional.of(CHECKPOINT);
    }

    @Override
    public Optional<Benchmark<?>> benchmark() {
        return Optional.of(new TopologyBenchmark());
    }

    /**
     * The seed's loss: the Euclidean norm of the whole batch's error, {@code ‖ŷ − y‖ = sqrt(Σ (ŷ − y)²)}
     * (not a mean: its gradient has norm 1 whatever the batch size, which Adam does not mind).
     * Written as {@code d·d} with {@code d = ŷ − y}, not with SameDiff's {@code squaredDifference}:
     * the latter's gradient op ({@code squaredsubtract_bp}) took 255–278 ms of a 440–500 ms training
     * step at batch 2048 (one core), the same loss as {@code d·d} 165–187 ms per step, equal values.
     */
    static Loss rootSumSquaredError() {
        return new Loss.Named("root_sum_squared_error", (g, name, yhat, y) -> {
            SDVariable d = yhat.sub(y);
            return g.sd().math().sqrt(name, g.sd().sum(d.mul(d)));
        });
    }

    /** A fixed random order of the pixels (Fisher–Yates with {@code seed}), or the identity. */
    static int[] permutation(int n, boolean shuffle, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        if (shuffle) {
            Random r = new Random(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }
        return p;
    }

    /** The weights of the permuted pixels back in the images' order: {@code w[perm[k]][perm[l]] = permuted[k][l]}. */
    static double[][] unpermute(double[][] permuted, int[] perm) {
        int n = perm.length;
        double[][] w = new double[n][n];
        for (int k = 0; k < n; k++) {
            for (int l = 0; l < n; l++) {
                w[perm[k]][perm[l]] = permuted[k][l];
            }
        }
        return w;
    }

    /** All images, scaled to [0, 1], flat, in the images' own pixel order. */
    static INDArray matrix(LabeledImages data) {
        IteratorConfig c = IteratorConfig.defaults().withShuffle(false).withBatchSize(data.size());
        return new ImageDataSetIterator(data, c).next().getFeatures();
    }

    @Override
    public String run(TopologyConfig cfg, RunContext ctx) throws Exception {
        RunRecord rec = ctx.record();
        LabeledImages train = LenetExperiment.mnist(ctx.options(), true, cfg.limit());
        LabeledImages test = LenetExperiment.mnist(ctx.options(), false, 0);
        rec.note("train_data", train.source() + " (" + train.size() + " images)");
        rec.note("test_data", test.source() + " (" + test.size() + " images)");
        if (train.size() < cfg.batchSize()) {
            throw new IllegalArgumentException("batch-size " + cfg.batchSize() + " is larger than the " + train.size()
                    + " training images, and the last partial batch is dropped: no step would be taken");
        }
        INDArray xTrain = matrix(train);
        INDArray xTest = matrix(test);
        int[] perm = permutation(PIXELS, cfg.permute(), cfg.seed());
        rec.note("pixel_order", cfg.permute() ? "a fixed random permutation (seed " + cfg.seed() + "), undone for every figure and number"
                : "the images' own");
        INDArray xTestPermuted = cfg.permute() ? xTest.getColumns(perm) : xTest;

        Model model = Model.builder(new PixelPredictor(PIXELS, cfg.objective())).inputShape(PIXELS).labelShape(PIXELS)
                .loss(rootSumSquaredError()).seed(cfg.seed()).build();
        rec.note("model", model.description());
        rec.note("loss", "sqrt of the sum of squared errors over the batch (the seed's ((output - data)**2).sum()**0.5)");
        double[][] initial = unpermute(weight(model), perm);

        double[] trainMean = xTrain.mean(0).toDoubleVector();
        double zeroMse = xTest.mul(xTest).meanNumber().doubleValue();
        double meanMse = xTest.sub(Nd4j.createFromArray(trainMean).castTo(xTest.dataType()).reshape(1, PIXELS))
                .norm2Number().doubleValue();
        meanMse = meanMse * meanMse / xTest.length();

        IteratorConfig trainCfg = IteratorConfig.defaults().withShuffle(true).withBatchSize(cfg.batchSize()).withDropLast(true);
        Path checkpoints = rec.file("checkpoints");
        Files.createDirectories(checkpoints);
        final double meanMseF = meanMse;
        Trainer trainer = new Trainer(TrainerConfig.of(cfg.epochs(), Optimizer.adam(cfg.lr()))).workers(cfg.workers())
                .checkpointDir(checkpoints).resume(ctx.resumed())
                .listener(new TrainingListener() {
                    @Override
                    public void onEpoch(EpochMetrics m) {
                        long t = System.nanoTime();
                        double mse = testMse(model, xTestPermuted);
                        LOG.info("epoch {}: test MSE per pixel {} ({} s)", m.epoch(), String.format(Locale.ROOT, "%.5f", mse),
                                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t) / 1e9));
                        Map<String, Object> e = m.toMap();
                        e.put("test_mse", mse);
                        e.put("test_r2", 1 - mse / meanMseF);
                        rec.truncateEpochs(m.epoch() - 1);
                        rec.addEpoch(e);
                    }
                });
        List<EpochMetrics> history = trainer.fit(model, epoch -> {
            ImageDataSetIterator it = new ImageDataSetIterator(train, trainCfg.withSeed(cfg.seed() + epoch));
            it.setPreProcessor((DataSet ds) -> {
                INDArray f = cfg.permute() ? ds.getFeatures().getColumns(perm) : ds.getFeatures();
                ds.setFeatures(f);
                ds.setLabels(f);
            });
            return it;
        }, null);
        double seconds = TrainingRecords.afterFit(rec, trainer, history);
        model.save(rec.file("topology.model"));

        double[][] trained = unpermute(weight(model), perm);
        if (cfg.objective() == Objective.MASKED) {
            for (int i = 0; i < PIXELS; i++) {
                trained[i][i] = 0; // held at its initial value by the mask, and never used
            }
        }
        double testMse = testMse(model, xTestPermuted);
        rec.putFinal("test_mse", testMse);
        rec.putFinal("test_r2", 1 - testMse / meanMse);
        rec.putFinal("test_mse_predicting_0", zeroMse);
        rec.putFinal("test_mse_predicting_the_training_mean", meanMse);

        // the exact optimum of the masked objective on the same training images
        double[] nonZero = TopologyAnalysis.nonZeroShare(xTrain);
        int[] active = TopologyAnalysis.active(nonZero);
        long t0 = System.nanoTime();
        INDArray xd = xTrain.castTo(DataType.DOUBLE);
        double[][] gram = xd.transpose().mmul(xd).toDoubleMatrix();
        double gramSeconds = (System.nanoTime() - t0) / 1e9;
        double[][] optimum = TopologyAnalysis.leastSquares(gram, active);
        double solveSeconds = (System.nanoTime() - t0) / 1e9 - gramSeconds;
        double optimumMse = mse(xTest, optimum);
        LOG.info("second moments {} s, solve {} s", String.format(Locale.ROOT, "%.1f", gramSeconds), String.format(Locale.ROOT, "%.1f", solveSeconds));
        LOG.info("least-squares optimum of the masked objective: {} active pixels, test MSE {} ({} s)", active.length,
                String.format(Locale.ROOT, "%.5f", optimumMse), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        rec.putFinal("active_pixels", active.length);
        rec.putFinal("least_squares_test_mse", optimumMse);
        rec.putFinal("least_squares_test_r2", 1 - optimumMse / meanMse);

        // the measured claim: strongest links go to grid neighbours, far more often than random links
        double[][] s = TopologyAnalysis.symmetric(trained);
        double[][] sOpt = TopologyAnalysis.symmetric(optimum);
        double[][] sInit = TopologyAnalysis.symmetric(initial);
        double[] within = {Math.sqrt(2), 2};
        double[][] shares = TopologyAnalysis.neighbourShares(s, active, cfg.links(), SIDE, within);
        double[][] sharesOpt = TopologyAnalysis.neighbourShares(sOpt, active, cfg.links(), SIDE, within);
        double[][] sharesInit = TopologyAnalysis.neighbourShares(sInit, active, cfg.links(), SIDE, within);
        rec.putFinal("neighbour_share_within_sqrt2", shares[0][0]);
        rec.putFinal("neighbour_share_within_2", shares[1][0]);
        rec.putFinal("random_share_within_sqrt2", shares[0][1]);
        rec.putFinal("random_share_within_2", shares[1][1]);
        rec.putFinal("least_squares_neighbour_share_within_sqrt2", sharesOpt[0][0]);
        rec.putFinal("least_squares_neighbour_share_within_2", sharesOpt[1][0]);
        rec.putFinal("initial_neighbour_share_within_sqrt2", sharesInit[0][0]);
        rec.putFinal("initial_neighbour_share_within_2", sharesInit[1][0]);

        double[][] profile = TopologyAnalysis.offsetProfile(s, active, RADIUS, SIDE);
        double[][] profileOpt = TopologyAnalysis.offsetProfile(sOpt, active, RADIUS, SIDE);
        rec.putFinal("offset_profile", axes(profile));
        rec.putFinal("least_squares_offset_profile", axes(profileOpt));
        rec.putFinal("offset_profile_grid", profile);
        Map<String, Object> graph = TopologyAnalysis.graphStats(s, cfg.graphThreshold(), SIDE);
        rec.putFinal("graph", graph);

        LOG.info("analysis done ({} s since the optimum)", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        Path fig = rec.figuresDir();
        double clip = TopologyFigures.quantileAbsOffDiagonal(trained, 0.999);
        TopologyFigures.weights(fig.resolve("weights.png"), trained, clip, 1,
                "weights [in, out], blue > 0 > red, clipped at ±" + TopologyFigures.fmt(clip));
        TopologyFigures.weights(fig.resolve("weights-centre.png"), TopologyFigures.rows(trained, ZOOM_FROM, ZOOM_TO, SIDE), clip, 3,
                "pixels of image rows " + ZOOM_FROM + "-" + ZOOM_TO + " (" + (ZOOM_TO - ZOOM_FROM + 1) * SIDE + ")");
        TopologyFigures.weights(fig.resolve("least-squares-centre.png"), TopologyFigures.rows(optimum, ZOOM_FROM, ZOOM_TO, SIDE),
                TopologyFigures.quantileAbsOffDiagonal(optimum, 0.999), 3, "least-squares optimum, image rows " + ZOOM_FROM + "-" + ZOOM_TO);
        TopologyFigures.offsetProfile(fig.resolve("offset-profile.png"), profile);
        Map<String, double[][]> profiles = new LinkedHashMap<>();
        profiles.put("trained", profile);
        profiles.put("least squares", profileOpt);
        TopologyFigures.axisProfiles(fig.resolve("axis-profile.png"), profiles);
        Map<String, double[][]> shareSets = new LinkedHashMap<>();
        shareSets.put("trained", shares);
        shareSets.put("least squares", sharesOpt);
        shareSets.put("initial weights", sharesInit);
        TopologyFigures.neighbourShares(fig.resolve("neighbour-share.png"), shareSets, cfg.links());
        int drawn = TopologyFigures.graph(fig.resolve("graph.png"), s, cfg.graphThreshold(), SIDE, cfg.seed());
        graph.put("pixels_in_the_largest_piece", drawn);
        rec.putFinal("graph", graph);

        return summary(cfg, history, testMse, meanMse, zeroMse, optimumMse, active.length, shares, sharesOpt, sharesInit, profile, graph,
                trainer, rec.dir());
    }

    /**
     * Makes the run's epoch list the trainer's history (which includes epochs restored from a
     * checkpoint), keeping the test metrics recorded for each epoch. The trainer writes its
     * checkpoint before it calls the listeners: a run killed in between resumes after an epoch the
     * record never saw, which then keeps only its training metrics.
     */
    public static void keepEveryEpoch(RunRecord rec, List<EpochMetrics> history) {
        Map<Integer, Map<String, Object>> recorded = new LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode e : rec.metrics().path("epochs")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = Json.mapper().convertValue(e, Map.class);
            recorded.put(e.path("epoch").asInt(), m);
        }
        rec.truncateEpochs(0);
        for (EpochMetrics m : history) {
            rec.addEpoch(recorded.getOrDefault(m.epoch(), m.toMap()));
        }
    }

    /** linear1's weight, {@code [in][out]} in the order the model saw the pixels. */
    private static double[][] weight(Model model) {
        return model.stateDict().get("linear1.weight").castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** Mean squared error per pixel of the model on {@code x} (its own pixel order), in chunks. */
    static double testMse(Model model, INDArray x) {
        long n = x.size(0);
        double sse = 0;
        for (long from = 0; from < n; from += 2500) {
            long to = Math.min(n, from + 2500);
            INDArray chunk = x.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            INDArray err = model.predict(chunk).castTo(DataType.DOUBLE).subi(chunk.castTo(DataType.DOUBLE));
            double norm = err.norm2Number().doubleValue();
            sse += norm * norm;
        }
        return sse / x.length();
    }

    /** Mean squared error per pixel of {@code x · w} against {@code x}, in double precision. */
    static double mse(INDArray x, double[][] w) {
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray err = xd.mmul(Nd4j.createFromArray(w)).subi(xd);
        double norm = err.norm2Number().doubleValue();
        return norm * norm / x.length();
    }

    /** The profile along the axes, for metrics.json: vertical (dx = 0) and horizontal (dy = 0), offsets 1..radius. */
    private static Map<String, double[]> axes(double[][] p) {
        int r = p.length / 2;
        double[] v = new double[r];
        double[] h = new double[r];
        for (int k = 1; k <= r; k++) {
            v[k - 1] = p[r + k][r];
            h[k - 1] = p[r][r + k];
        }
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("vertical", v);
        m.put("horizontal", h);
        m.put("diagonal", new double[]{p[r + 1][r + 1], p[r + 2][r + 2]});
        return m;
    }

    private static String summary(TopologyConfig cfg, List<EpochMetrics> history, double testMse, double meanMse, double zeroMse,
                                  double optimumMse, int active, double[][] shares, double[][] sharesOpt, double[][] sharesInit,
                                  double[][] profile, Map<String, Object> graph, Trainer trainer, Path dir) {
        int r = profile.length / 2;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Topology (seed 03): Linear(784 -> 784, bias=false), objective %s, %d epochs, batch %d, Adam lr %s%s%n",
                ConfigBinder.text(cfg.objective()), history.size(), cfg.batchSize(), ConfigBinder.text(cfg.lr()),
                cfg.permute() ? ", pixels permuted" : ""));
        sb.append(String.format(Locale.ROOT, "  test MSE per pixel   %.5f (R² %.3f; predicting the training mean %.5f, predicting 0 %.5f)%n",
                testMse, 1 - testMse / meanMse, meanMse, zeroMse));
        sb.append(String.format(Locale.ROOT, "  least-squares optimum of the masked objective: test MSE %.5f (R² %.3f)%n", optimumMse,
                1 - optimumMse / meanMse));
        sb.append(String.format(Locale.ROOT, "  share of each active pixel's %d strongest links (%d active pixels) that go to grid neighbours:%n",
                cfg.links(), active));
        sb.append(String.format(Locale.ROOT, "    %-22s %12s %12s%n", "", "within √2", "within 2"));
        sb.append(String.format(Locale.ROOT, "    %-22s %11.1f%% %11.1f%%%n", "trained", 100 * shares[0][0], 100 * shares[1][0]));
        sb.append(String.format(Locale.ROOT, "    %-22s %11.1f%% %11.1f%%%n", "least-squares optimum", 100 * sharesOpt[0][0], 100 * sharesOpt[1][0]));
        sb.append(String.format(Locale.ROOT, "    %-22s %11.1f%% %11.1f%%%n", "initial weights", 100 * sharesInit[0][0], 100 * sharesInit[1][0]));
        sb.append(String.format(Locale.ROOT, "    %-22s %11.1f%% %11.1f%%%n", "random links", 100 * shares[0][1], 100 * shares[1][1]));
        sb.append("  mean link by offset (trained):   distance 1      2      3      4\n");
        StringBuilder v = new StringBuilder();
        StringBuilder h = new StringBuilder();
        for (int k = 1; k <= r; k++) {
            v.append(String.format(Locale.ROOT, " %+.4f", profile[r + k][r]));
            h.append(String.format(Locale.ROOT, " %+.4f", profile[r][r + k]));
        }
        sb.append("    vertical (dx = 0)              ").append(v).append('\n');
        sb.append("    horizontal (dy = 0)            ").append(h).append('\n');
        sb.append(String.format(Locale.ROOT, "  graph at weight > %s: %s edges between %s pixels (%s in the largest piece, drawn), "
                        + "%.0f%% of the edges to grid neighbours (≤ √2), longest %.1f pixels%n",
                ConfigBinder.text(cfg.graphThreshold()), graph.get("edges"), graph.get("pixels_with_an_edge"), graph.get("pixels_in_the_largest_piece"),
                100 * (double) graph.get("edges_to_neighbours_within_sqrt2"), (double) graph.get("longest_edge_in_pixels")));
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        sb.append(String.format(Locale.ROOT, "  training           %.1f s (%.2f s per epoch)%s%n", seconds, seconds / history.size(),
                trainer.executionPath() == null ? "" : "; steps " + trainer.executionPath()));
        sb.append("  run directory      ").append(dir).append('\n');
        return sb.toString();
    }
}
