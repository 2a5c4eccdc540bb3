package io.github.mlplatform.datasets.download;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/** SHA-256 helpers; the digest of a {@code .gz} file is taken over its decompressed content. */
public final class Checksums {

    private Checksums() {
    }

    /** A new SHA-256 digest. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Lower-case hex of a digest. */
    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /** SHA-256 (hex) of bytes. */
    public static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    /** SHA-256 (hex) and size of a file's content, decompressed first when it is gzip (by magic bytes). */
    public static Digest ofDecompressed(Path file) throws IOException {
        MessageDigest md = sha256();
        long size = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) != -1) {
                    md.update(buf, 0, n);
                    size += n;
                }
            }
        }
        return new Digest(hex(md.digest()), size);
    }

    /** A digest and the number of bytes it covers. */
    public record Digest(String sha256, long size) {
    }
}
