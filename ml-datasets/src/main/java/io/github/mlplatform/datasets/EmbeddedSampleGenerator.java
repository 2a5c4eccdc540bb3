package io.github.mlplatform.datasets;

import io.github.mlplatform.core.io.AtomicFiles;
import io.github.mlplatform.datasets.idx.IdxWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the MNIST sample embedded in the jar ({@code src/main/resources/io/github/mlplatform/datasets/mnist-sample/})
 * from the real MNIST files: the first {@code trainCount} training digits (indices 0..trainCount-1)
 * and the first {@code testCount} test digits, unchanged, as gzip IDX files with the real files'
 * names, plus {@code sample.properties} recording the indices and the SHA-256 of the source content.
 * The source files are checked against the catalog's SHA-256 first.
 *
 * <p>Run (from {@code /work/main}, after {@code ./mvnw -o -q -pl ml-datasets install -DskipTests}):
 * <pre>
 * java -cp ml-datasets/target/classes:$HOME/.m2/repository/io/github/mlplatform/ml-core/0.1.0-SNAPSHOT/ml-core-0.1.0-SNAPSHOT.jar:$HOME/.m2/repository/org/slf4j/slf4j-api/1.7.36/slf4j-api-1.7.36.jar \
 *   io.github.mlplatform.datasets.EmbeddedSampleGenerator ../shared/datasets ml-datasets/src/main/resources/io/github/mlplatform/datasets/mnist-sample 4000 1000
 * </pre>
 */
public final class EmbeddedSampleGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSampleGenerator.class);

    /** Training digits in the shipped sample: indices 0-3999 (covers the seed's ribbon 0-999 and tapestry 3000-3899). */
    public static final int DEFAULT_TRAIN_COUNT = 4000;
    /** Test digits in the shipped sample: indices 0-999. */
    public static final int DEFAULT_TEST_COUNT = 1000;

    private EmbeddedSampleGenerator() {
    }

    /** {@code args: SOURCE_DIR OUT_DIR [TRAIN_COUNT [TEST_COUNT]]}; SOURCE_DIR holds mnist/ or the files. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: EmbeddedSampleGenerator SOURCE_DIR OUT_DIR [TRAIN_COUNT [TEST_COUNT]]");
        }
        int train = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_TRAIN_COUNT;
        int test = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_TEST_COUNT;
        generate(Path.of(args[0]), Path.of(args[1]), train, test);
    }

    /** Writes the sample of the first {@code trainCount} / {@code testCount} digits into {@code outDir}. */
    public static void generate(Path sourceDir, Path outDir, int trainCount, int testCount) throws IOException {
        StringBuilder props = new StringBuilder();
        props.append("# MNIST sample embedded in ml-datasets, written by ")
                .append(EmbeddedSampleGenerator.class.getName()).append('\n');
        props.append("source=MNIST (LeCun, Cortes, Burges), CC BY-SA 3.0\n");
        for (boolean train : new boolean[] {true, false}) {
            int n = train ? trainCount : testCount;
            String key = train ? "train" : "test";
            DatasetSpec.Split split = Mnist.SPEC.split(train);
            LabeledImages all = Mnist.builder().train(train).dataDir(sourceDir).environment(Map.of())
                    .cacheDir(outDir.resolve(".no-cache")).systemDir(outDir.resolve(".no-system"))
                    .download(false).verifyChecksums(true).build().load();
            if (n <= 0 || n > all.size()) {
                throw new IllegalArgumentException(key + " count must be 1.." + all.size() + ", got " + n);
            }
            LabeledImages part = all.head(n);
            ByteImages im = part.images();
            IdxWriter.write(outDir.resolve(split.images().gzName()), new int[] {n, im.rows(), im.cols()},
                    im.rawPixels(), true);
            IdxWriter.write(outDir.resolve(split.labels().gzName()), new int[] {n}, part.rawLabels(), true);
            props.append(key).append(".indices=0-").append(n - 1).append('\n');
            props.append(key).append(".count=").append(n).append('\n');
            props.append(key).append(".source.images.sha256=").append(split.images().sha256()).append('\n');
            props.append(key).append(".source.labels.sha256=").append(split.labels().sha256()).append('\n');
            LOG.info("wrote {} {} digits (indices 0-{}) to {}", n, key, n - 1, outDir);
        }
        AtomicFiles.writeString(outDir.resolve("sample.properties"), props.toString());
    }
}
