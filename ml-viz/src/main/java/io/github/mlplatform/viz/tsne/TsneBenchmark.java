package io.github.mlplatform.viz.tsne;

import io.github.mlplatform.viz.chart.ChartStyle;
import io.github.mlplatform.viz.chart.Charts;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Benchmark: t-SNE of 10,000 points of 784 dimensions, printing the wall-clock seconds.
 *
 * <pre>
 * java -cp ml-viz/target/classes:$(cat /tmp/viz-cp.txt) io.github.mlplatform.viz.tsne.TsneBenchmark
 *      [--n 10000] [--mnist DIR] [--threads 0] [--iterations 1000] [--png out.png]
 * </pre>
 * Without {@code --mnist} the data are synthetic: 10 clusters in 784-D (centres uniform in
 * [0, 1]^784, points = centre + Gaussian noise of standard deviation 0.35 per coordinate),
 * seed 7. With {@code --mnist DIR} the first n images of {@code t10k-images-idx3-ubyte.gz}
 * (pixels / 255) and their labels are used. Besides the time it prints the 1-NN accuracy of the
 * labels in the embedding. This is a program, so it prints its result line on stdout.
 */
public final class TsneBenchmark {

    private TsneBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int n = 10_000;
        Path mnist = null;
        int threads = 0;
        int iterations = 1000;
        Path png = null;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--n" -> n = Integer.parseInt(args[++a]);
                case "--mnist" -> mnist = Path.of(args[++a]);
                case "--threads" -> threads = Integer.parseInt(args[++a]);
                case "--iterations" -> iterations = Integer.parseInt(args[++a]);
                case "--png" -> png = Path.of(args[++a]);
                default -> throw new IllegalArgumentException("unknown argument '" + args[a]
                        + "'; expected --n N, --mnist DIR, --threads T, --iterations I, --png FILE");
            }
        }
        double[][] x = new double[n][];
        int[] labels = new int[n];
        String source;
        if (mnist != null) {
            readMnist(mnist, x, labels);
            source = "MNIST t10k " + mnist;
        } else {
            synthetic(x, labels, 784, 10, 0.35, 7L);
            source = "synthetic 10 clusters";
        }
        TsneConfig config = TsneConfig.defaults().withThreads(threads).withIterations(iterations);
        Tsne.Result r = Tsne.embed(x, config);
        double acc = EmbeddingQuality.oneNearestNeighbourAccuracy(r.embedding(), labels);
        org.slf4j.LoggerFactory.getLogger(TsneBenchmark.class).info(String.format(Locale.ROOT,
                "t-SNE %d x %d (%s), %d iterations, %d threads: %.1f s, KL %.4f, 1-NN accuracy %.4f",
                n, x[0].length, source, iterations, threads == 0 ? Runtime.getRuntime().availableProcessors() : threads,
                r.seconds(), r.klDivergence(), acc));
        if (png != null) {
            Charts.write(Charts.scatter("t-SNE (" + source + ")", r.embedding(), labels, null,
                    ChartStyle.defaults().withSize(900, 800)), png);
        }
    }

    /** Clustered data: {@code classes} centres uniform in [0,1]^d, points = centre + N(0, sigma^2) noise. */
    static void synthetic(double[][] x, int[] labels, int d, int classes, double sigma, long seed) {
        Random rnd = new Random(seed);
        double[][] centres = new double[classes][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = rnd.nextDouble();
            }
        }
        for (int i = 0; i < x.length; i++) {
            int c = i % classes;
            labels[i] = c;
            x[i] = new double[d];
            for (int j = 0; j < d; j++) {
                x[i][j] = centres[c][j] + sigma * rnd.nextGaussian();
            }
        }
    }

    private static void readMnist(Path dir, double[][] x, int[] labels) throws IOException {
        Path images = dir.resolve("t10k-images-idx3-ubyte.gz");
        Path lab = dir.resolve("t10k-labels-idx1-ubyte.gz");
        try (DataInputStream in = open(images)) {
            if (in.readInt() != 0x803) {
                throw new IOException(images + ": expected IDX magic 0x00000803");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < x.length) {
                throw new IOException(images + ": has " + count + " images, asked for " + x.length);
            }
            byte[] buf = new byte[rows * cols];
            for (int i = 0; i < x.length; i++) {
                in.readFully(buf);
                x[i] = new double[buf.length];
                for (int j = 0; j < buf.length; j++) {
                    x[i][j] = (buf[j] & 0xFF) / 255.0;
                }
            }
        }
        try (DataInputStream in = open(lab)) {
            if (in.readInt() != 0x801) {
                throw new IOException(lab + ": expected IDX magic 0x00000801");
            }
            in.readInt();
            for (int i = 0; i < labels.length; i++) {
                labels[i] = in.readUnsignedByte();
            }
        }
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream raw = Files.newInputStream(p);
        return new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
    }
}
