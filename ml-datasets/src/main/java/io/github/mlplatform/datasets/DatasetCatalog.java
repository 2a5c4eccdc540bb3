package io.github.mlplatform.datasets;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The built-in data sets with the SHA-256 and size of each file's decompressed content (from
 * {@code shared/datasets/README.md}; MNIST's {@code .gz} files are the upstream ones, Fashion-MNIST's
 * are recompressed by Debian, which is why the content and not the {@code .gz} is checked) and
 * their public mirrors, tried in order (MNIST: the two torchvision lists - PyTorch's S3 copy first,
 * because it is HTTPS and answers reliably, then the original site, which often refuses downloads;
 * the content is checked by SHA-256 either way. Fashion-MNIST: Zalando's bucket), and the word
 * list {@link #NAMES} (makemore's {@code names.txt}).
 */
public final class DatasetCatalog {

    /** MNIST digits 0-9 (LeCun, Cortes, Burges; CC BY-SA 3.0): 60,000 train + 10,000 test, 28x28. */
    public static final DatasetSpec MNIST = new DatasetSpec(
            "mnist", "MNIST", 28, 28,
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            new DatasetSpec.Split(
                    new DatasetFile("train-images-idx3-ubyte",
                            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47040016L),
                    new DatasetFile("train-labels-idx1-ubyte",
                            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60008L),
                    60000),
            new DatasetSpec.Split(
                    new DatasetFile("t10k-images-idx3-ubyte",
                            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7840016L),
                    new DatasetFile("t10k-labels-idx1-ubyte",
                            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10008L),
                    10000),
            List.of(URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
                    URI.create("http://yann.lecun.com/exdb/mnist/")),
            true,
            null,
            "io/github/mlplatform/datasets/mnist-sample");

    /** Fashion-MNIST (Zalando Research; MIT): 60,000 train + 10,000 test, 28x28, 10 clothing classes. */
    public static final DatasetSpec FASHION_MNIST = new DatasetSpec(
            "fashion-mnist", "Fashion-MNIST", 28, 28,
            List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
                    "Ankle boot"),
            new DatasetSpec.Split(
                    new DatasetFile("train-images-idx3-ubyte",
                            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", 47040016L),
                    new DatasetFile("train-labels-idx1-ubyte",
                            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", 60008L),
                    60000),
            new DatasetSpec.Split(
                    new DatasetFile("t10k-images-idx3-ubyte",
                            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", 7840016L),
                    new DatasetFile("t10k-labels-idx1-ubyte",
                            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", 10008L),
                    10000),
            List.of(URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")),
            false,
            "on Debian/Ubuntu: sudo apt-get install dataset-fashion-mnist (installs /usr/share/datasets/fashion-mnist)",
            null);

    /**
     * makemore's {@code names.txt} (A. Karpathy; MIT): 32,033 names, one per line, a-z only, 2-15
     * letters, 228,145 bytes, used as is (not compressed). Mirror: the makemore repository on GitHub.
     */
    public static final WordsSpec NAMES = new WordsSpec(
            "names", "makemore names",
            new DatasetFile("names.txt", "0a30b5557f192f32ab962680889aac5f6fda0f4cecf40a6d0b5694f58ea8cc4d", 228145L),
            "abcdefghijklmnopqrstuvwxyz",
            List.of(URI.create("https://raw.githubusercontent.com/karpathy/makemore/master/")));

    private DatasetCatalog() {
    }

    /** All built-in image data sets (the word list is {@link #NAMES}). */
    public static List<DatasetSpec> all() {
        return List.of(MNIST, FASHION_MNIST);
    }

    /** The built-in data set called {@code name} ("mnist", "fashion-mnist"). */
    public static DatasetSpec byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DatasetSpec s : all()) {
            if (s.name().equals(n)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown data set '" + name + "', expected one of mnist, fashion-mnist");
    }
}
