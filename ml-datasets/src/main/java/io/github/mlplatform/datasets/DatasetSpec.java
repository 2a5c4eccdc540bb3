package io.github.mlplatform.datasets;

import java.net.URI;
import java.util.List;

/**
 * Everything the loader needs to know about an IDX image data set: its name (also the folder name
 * under {@code ML_DATA_DIR}, the cache and {@code /usr/share/datasets}), image size, class names,
 * files with checksums, mirrors and how to install it. The built-in entries are in
 * {@link DatasetCatalog}; tests build their own (synthetic files, a local mirror, their own digests).
 *
 * @param name                   folder name, e.g. {@code mnist}, {@code fashion-mnist}
 * @param displayName            e.g. {@code MNIST}
 * @param rows                   image height
 * @param cols                   image width
 * @param classNames             class names, index = label
 * @param train                  files and size of the training split
 * @param test                   files and size of the test split
 * @param mirrors                base URLs tried in order for downloads (each ends with '/')
 * @param flatLayoutInDataDir    whether the files may sit directly in {@code $ML_DATA_DIR} (not in a
 *                               {@code name} sub-folder); MNIST yes, Fashion-MNIST no (same file names)
 * @param installHint            extra advice for the "not found" message (e.g. an apt-get command), or null
 * @param embeddedSampleResource class-path folder of an embedded sample, or null
 */
public record DatasetSpec(String name, String displayName, int rows, int cols, List<String> classNames,
                          Split train, Split test, List<URI> mirrors, boolean flatLayoutInDataDir,
                          String installHint, String embeddedSampleResource) {

    /**
     * The files of one split.
     *
     * @param images the image file
     * @param labels the label file
     * @param count  number of examples, or -1 when any number is acceptable
     */
    public record Split(DatasetFile images, DatasetFile labels, int count) {
    }

    public DatasetSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]*")) {
            throw new IllegalArgumentException("name: expected a folder name like 'mnist', got '" + name + "'");
        }
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("rows/cols of " + name + " must be positive, got " + rows + "/" + cols);
        }
        if (classNames == null || classNames.isEmpty() || classNames.size() > 256) {
            throw new IllegalArgumentException("classNames of " + name + ": expected 1..256 names");
        }
        classNames = List.copyOf(classNames);
        mirrors = List.copyOf(mirrors);
        for (URI m : mirrors) {
            if (!m.toString().endsWith("/")) {
                throw new IllegalArgumentException("mirror of " + name + " must end with '/': " + m);
            }
        }
    }

    /** The split for {@code train} (true) or test (false). */
    public Split split(boolean train) {
        return train ? this.train : this.test;
    }

    /** System property that overrides the mirrors: {@code ml.datasets.mirror.<name>}, comma-separated. */
    public String mirrorProperty() {
        return "ml.datasets.mirror." + name;
    }

    /** A copy with other mirrors. */
    public DatasetSpec withMirrors(List<URI> newMirrors) {
        return new DatasetSpec(name, displayName, rows, cols, classNames, train, test, newMirrors,
                flatLayoutInDataDir, installHint, embeddedSampleResource);
    }
}
