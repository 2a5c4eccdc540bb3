package io.github.mlplatform.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files atomically: the content goes to a temporary file in the same directory, which is
 * then renamed over the target. A reader (or a killed run) sees either the old file or the new
 * one, never half of one.
 */
public final class AtomicFiles {

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }

    /** Something that writes a file's content to a given path (for APIs that only take paths). */
    @FunctionalInterface
    public interface PathWriter {
        void write(Path tempFile) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically through an output stream. */
    public static void write(Path target, StreamWriter writer) throws IOException {
        writeVia(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /**
     * Writes {@code target} atomically through a library call that takes a file path: the writer
     * is given a temporary path in the same directory, which is renamed over the target when the
     * writer returns normally and deleted otherwise.
     */
    public static void writeVia(Path target, PathWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            writer.write(tmp);
            publishPermissions(tmp, abs);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Temporary files are created private (0600); the published file gets the permissions of the
     * file it replaces, or rw-r--r-- for a new one, as a plain write would under the usual umask.
     */
    private static void publishPermissions(Path tmp, Path target) throws IOException {
        if (!Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
            return;
        }
        java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, perms);
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** {@link #writeString} for callers that cannot throw checked exceptions. */
    public static void writeStringUnchecked(Path target, String content) {
        try {
            writeString(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }
}
