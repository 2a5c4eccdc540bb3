package io.github.mlplatform.datasets;

import io.github.mlplatform.core.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers which data files were found to have their catalog SHA-256, so that a normal run does
 * not hash them again: one small properties file, {@code <cacheRoot>/datasets/verified-sha256.properties},
 * maps a file's real path to the digest it was verified against and its stamp (size, modification
 * time and, where the file system has them, change time and file key - inode - which nobody can
 * set back, so rewriting a file in place and restoring its modification time is still noticed).
 * A file whose stamp differs is hashed again.
 *
 * <p>The store is rewritten atomically ({@link AtomicFiles}); entries of files that are gone or
 * changed are dropped then. When it cannot be read or written (read-only home, a file in the way,
 * a corrupt store) nothing fails: files are simply hashed on every run (logged at DEBUG).
 * Concurrent runs may lose each other's entries, which only costs a hash on the next run.
 */
final class VerifiedFiles {

    private static final Logger LOG = LoggerFactory.getLogger(VerifiedFiles.class);

    /** Name of the store inside {@code <cacheRoot>/datasets/}. */
    static final String FILE_NAME = "verified-sha256.properties";

    private final Path store;

    /** A store at {@code file} (need not exist). */
    VerifiedFiles(Path file) {
        this.store = file;
    }

    /** The store of a cache root: {@code <cacheRoot>/datasets/verified-sha256.properties}. */
    static VerifiedFiles inCacheRoot(Path cacheRoot) {
        return new VerifiedFiles(cacheRoot.resolve("datasets").resolve(FILE_NAME));
    }

    /** The store's path. */
    Path path() {
        return store;
    }

    /** What identifies a version of a file: size, modification time, and change time and file key when available. */
    record Stamp(long size, long mtimeNanos, long ctimeNanos, String fileKey) {
        String encode() {
            return size + " " + mtimeNanos + " " + ctimeNanos + " " + fileKey;
        }
    }

    /** The current stamp of {@code file}. */
    static Stamp stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        long ctime = -1;
        try {
            if (Files.getFileStore(file).supportsFileAttributeView("unix")) {
                ctime = ((FileTime) Files.getAttribute(file, "unix:ctime")).to(TimeUnit.NANOSECONDS);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            ctime = -1;
        }
        Object key = a.fileKey();
        return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), ctime,
                key == null ? "-" : key.toString().replace(' ', '_'));
    }

    /** True when {@code file}, as it is now ({@code stamp}), was verified to have {@code sha256}. */
    boolean remembers(Path file, Stamp stamp, String sha256) {
        String key = key(file);
        if (key == null) {
            return false;
        }
        String v = load().get(key);
        return v != null && v.equals(sha256 + " " + stamp.encode());
    }

    /**
     * Records that {@code file}, at {@code stamp} (taken before it was read), has {@code sha256};
     * nothing is recorded when the file changed meanwhile. Never throws.
     */
    void remember(Path file, Stamp stamp, String sha256) {
        try {
            String key = key(file);
            if (key == null || !stamp.equals(stamp(file))) {
                return;
            }
            Map<String, String> entries = load();
            entries.entrySet().removeIf(e -> !stillValid(e.getKey(), e.getValue()));
            entries.put(key, sha256 + " " + stamp.encode());
            Properties p = new Properties();
            p.putAll(entries);
            AtomicFiles.write(store, out -> p.store(out,
                    " data files whose SHA-256 ml-datasets verified: path = sha256 size mtime ctime filekey;"
                            + " delete this file to verify them all again"));
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot remember verified checksums in {} ({}); files are hashed on every run", store,
                    e.toString());
        }
    }

    private Map<String, String> load() {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(store)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(store)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("ignoring unreadable checksum store {} ({})", store, e.toString());
            return out;
        }
        for (String k : p.stringPropertyNames()) {
            out.put(k, p.getProperty(k));
        }
        return out;
    }

    private static boolean stillValid(String path, String value) {
        try {
            String[] parts = value.split(" ", 2);
            return parts.length == 2 && parts[1].equals(stamp(Path.of(path)).encode());
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static String key(Path file) {
        try {
            return file.toRealPath().toString();
        } catch (IOException e) {
            return null;
        }
    }
}
