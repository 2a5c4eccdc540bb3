package io.github.mlplatform.datasets.idx;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** 3 images of 2x4 with values 0..23 scaled so that some exceed 127 (unsigned). */
    private static byte[] pixels() {
        byte[] px = new byte[24];
        for (int i = 0; i < 24; i++) {
            px[i] = (byte) (i * 11);
        }
        return px;
    }

    @Test
    void readsRawAndGzipToTheSameImages() throws IOException {
        byte[] raw = TestData.idx(new int[] {3, 2, 4}, pixels());
        Path rawFile = TestData.write(dir.resolve("img-idx3-ubyte"), raw);
        Path gzFile = TestData.write(dir.resolve("img-idx3-ubyte.gz"), TestData.gzip(raw));
        for (Path f : new Path[] {rawFile, gzFile}) {
            ByteImages im = IdxReader.readImages(f);
            assertThat(im.count()).isEqualTo(3);
            assertThat(im.rows()).isEqualTo(2);
            assertThat(im.cols()).isEqualTo(4);
            // image k, row r, col c is element k*8 + r*4 + c, value (that index * 11) mod 256
            assertThat(im.pixel(2, 1, 3)).isEqualTo((23 * 11) & 0xFF);
            assertThat(im.pixel(1, 0, 2)).isEqualTo(10 * 11);
            assertThat(im.rawPixels()).isEqualTo(pixels());
        }
    }

    @Test
    void readsLabelsAndRejectsWrongRank() throws IOException {
        Path labels = TestData.write(dir.resolve("l.gz"), TestData.gzip(TestData.idx(new int[] {4}, new byte[] {1, 2, 3, 9})));
        assertThat(IdxReader.readLabels(labels)).containsExactly(1, 2, 3, 9);
        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(labels.toString()).hasMessageContaining("rank 3").hasMessageContaining("rank 1");
        Path images = TestData.write(dir.resolve("i"), TestData.idx(new int[] {3, 2, 4}, pixels()));
        assertThatThrownBy(() -> IdxReader.readLabels(images))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("rank 1");
    }

    @Test
    void digestCoversTheDecompressedContent() throws Exception {
        byte[] raw = TestData.idx(new int[] {3, 2, 4}, pixels());
        Path gz = TestData.write(dir.resolve("x.gz"), TestData.gzip(raw));
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        IdxReader.read(gz, md);
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(TestData.sha256(raw));
    }

    @Test
    void truncatedRawFileFails() {
        byte[] raw = TestData.idx(new int[] {3, 2, 4}, pixels());
        Path f = TestData.write(dir.resolve("trunc"), Arrays.copyOf(raw, raw.length - 5));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("3x2x4").hasMessageContaining("only 19 present");
    }

    @Test
    void truncatedHeaderFails() {
        Path f = TestData.write(dir.resolve("h"), Arrays.copyOf(TestData.idx(new int[] {3, 2, 4}, pixels()), 9));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("truncated header");
        Path empty = TestData.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> IdxReader.read(empty))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining(empty.toString()).hasMessageContaining("truncated");
    }

    @Test
    void truncatedGzipFails() {
        byte[] gz = TestData.gzip(TestData.idx(new int[] {50, 8, 8}, TestData.codedPixels(50, 8, 8, 3)));
        Path f = TestData.write(dir.resolve("trunc.gz"), Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("gzip");
    }

    @Test
    void corruptGzipFails() {
        byte[] gz = TestData.gzip(TestData.idx(new int[] {50, 8, 8}, TestData.codedPixels(50, 8, 8, 3)));
        // flip bits in the deflate body (after the 10-byte header) and in the CRC trailer
        for (int i = 20; i < gz.length - 10; i += 7) {
            gz[i] ^= 0x5A;
        }
        gz[gz.length - 6] ^= 0x01;
        Path f = TestData.write(dir.resolve("corrupt.gz"), gz);
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining(f.toString());
    }

    @Test
    void badCrcOnlyFails() {
        byte[] gz = TestData.gzip(TestData.idx(new int[] {4}, new byte[] {1, 2, 3, 4}));
        gz[gz.length - 8] ^= 0x01; // first byte of the CRC32 trailer
        Path f = TestData.write(dir.resolve("crc.gz"), gz);
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining(f.toString()).hasMessageContaining("gzip");
    }

    @Test
    void badMagicFails() {
        byte[] raw = TestData.idx(new int[] {3, 2, 4}, pixels());
        raw[0] = 0x12;
        raw[1] = 0x34;
        Path f = TestData.write(dir.resolve("magic"), raw);
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("bad magic number 0x12340803");
    }

    @Test
    void otherElementTypeFails() {
        Path f = TestData.write(dir.resolve("float"), TestData.idx(0x0D, new int[] {2}, new byte[8]));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("0x0D").hasMessageContaining("float").hasMessageContaining("0x08 (unsigned byte)");
    }

    @Test
    void zeroOrNegativeDimensionFails() {
        Path zero = TestData.write(dir.resolve("zero"), TestData.idx(new int[] {3, 0, 4}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.read(zero))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("dimension 1 is 0");
        Path huge = TestData.write(dir.resolve("huge"), TestData.idx(new int[] {-1}, new byte[0]));
        assertThatThrownBy(() -> IdxReader.read(huge))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("4294967295");
    }

    @Test
    void rankZeroFails() {
        Path f = TestData.write(dir.resolve("r0"), new byte[] {0, 0, 8, 0});
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("rank 0");
    }

    @Test
    void trailingBytesFail() {
        byte[] raw = TestData.idx(new int[] {3, 2, 4}, pixels());
        byte[] longer = Arrays.copyOf(raw, raw.length + 3);
        Path f = TestData.write(dir.resolve("trail.gz"), TestData.gzip(longer));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("3 trailing bytes");
    }

    /** Bytes allocated by this thread while {@code r} runs (HotSpot's per-thread counter). */
    private static long allocatedBy(ThrowingRunnable r) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        try {
            r.run();
        } catch (Throwable ignored) {
            // the caller checks the exception separately
        }
        return mx.getThreadAllocatedBytes(id) - before;
    }

    private interface ThrowingRunnable {
        void run() throws Throwable;
    }

    /** A header declaring 2,550,000 images of 28x28 (about 2 GB) followed by 16 bytes, gzip-compressed (about 60 bytes). */
    private static byte[] hugeHeaderGz() {
        return TestData.gzip(TestData.idx(new int[] {2_550_000, 28, 28}, new byte[16]));
    }

    @Test
    void aTinyGzipDeclaringGigabytesFailsBeforeAllocating() {
        byte[] gz = hugeHeaderGz();
        assertThat(gz.length).isLessThan(100);
        Path f = TestData.write(dir.resolve("huge.gz"), gz);
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("2550000x28x28")
                .hasMessageContaining("1999200016 bytes")
                .hasMessageContaining(gz.length + " bytes of gzip");
        assertThat(allocatedBy(() -> IdxReader.read(f))).as("bytes allocated").isLessThan(4_000_000L);
    }

    @Test
    void aRawFileShorterThanItsHeaderFailsBeforeAllocating() {
        Path f = TestData.write(dir.resolve("huge-raw"), TestData.idx(new int[] {2_550_000, 28, 28}, new byte[16]));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("truncated")
                .hasMessageContaining("2550000x28x28").hasMessageContaining("only 16 present");
        assertThat(allocatedBy(() -> IdxReader.read(f))).as("bytes allocated").isLessThan(4_000_000L);
    }

    @Test
    void aStreamOfUnknownLengthOnlyAllocatesWhatArrives() throws IOException {
        byte[] gz = hugeHeaderGz();
        assertThatThrownBy(() -> IdxReader.read(new ByteArrayInputStream(gz), "stream", null))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("stream: truncated").hasMessageContaining("only 16 present");
        assertThat(allocatedBy(() -> IdxReader.read(new ByteArrayInputStream(gz), "stream", null)))
                .as("bytes allocated").isLessThan(4_000_000L);
        // and a good stream is read completely
        byte[] raw = TestData.idx(new int[] {3000, 28, 28}, TestData.codedPixels(3000, 28, 28, 1));
        IdxArray a = IdxReader.read(new ByteArrayInputStream(TestData.gzip(raw)), "s", null);
        assertThat(a.data()).isEqualTo(TestData.codedPixels(3000, 28, 28, 1));
    }

    @Test
    void expectedDimensionsAndSizeAreCheckedBeforeAllocating() throws IOException {
        Path f = TestData.write(dir.resolve("huge.gz"), hugeHeaderGz());
        IdxReader.Expected mnistTrain = new IdxReader.Expected(new int[] {60000, 28, 28}, 47040016L,
                "mnist train-images-idx3-ubyte");
        assertThatThrownBy(() -> IdxReader.read(f, null, mnistTrain))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("header declares 2550000x28x28, expected 60000x28x28 (mnist train-images-idx3-ubyte)");
        assertThat(allocatedBy(() -> IdxReader.read(f, null, mnistTrain))).isLessThan(4_000_000L);

        Path labels = TestData.write(dir.resolve("l"), TestData.idx(new int[] {3, 2, 4}, pixels()));
        assertThatThrownBy(() -> IdxReader.read(labels, null, new IdxReader.Expected(new int[] {-1}, -1, "labels")))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("header declares 3x2x4 (rank 3), expected rank 1 [N] (labels)");
        Path ok = TestData.write(dir.resolve("ok"), TestData.idx(new int[] {3, 2, 4}, pixels()));
        assertThat(IdxReader.read(ok, null, new IdxReader.Expected(new int[] {-1, 2, 4}, 16 + 24, "x")).dim(0))
                .isEqualTo(3);
        assertThatThrownBy(() -> IdxReader.read(ok, null, new IdxReader.Expected(new int[] {-1, 2, 4}, 47, "x")))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("header declares 3x2x4 = 40 bytes in all, expected 47 (x)");
    }

    @Test
    void dimensionsWhoseProductOverflowFail() {
        Path f = TestData.write(dir.resolve("overflow"), TestData.idx(new int[] {65536, 65536, 2}, new byte[8]));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("65536x65536x2").hasMessageContaining("more than a Java array holds");
        Path g = TestData.write(dir.resolve("overflow.gz"),
                TestData.gzip(TestData.idx(new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[8])));
        assertThatThrownBy(() -> IdxReader.read(g))
                .isInstanceOf(IdxFormatException.class).hasMessageContaining("more than a Java array holds");
    }

    @Test
    void trailingBytesOfARawFileFailBeforeReading() {
        byte[] raw = TestData.idx(new int[] {3, 2, 4}, pixels());
        Path f = TestData.write(dir.resolve("trail"), Arrays.copyOf(raw, raw.length + 5));
        assertThatThrownBy(() -> IdxReader.read(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("5 trailing bytes");
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThatThrownBy(() -> IdxReader.read(dir.resolve("nope.gz")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.gz");
    }

    @Test
    void writerProducesTheHandBuiltBytes() throws IOException {
        int[] dims = {3, 2, 4};
        assertThat(IdxWriter.toBytes(dims, pixels())).isEqualTo(TestData.idx(dims, pixels()));
        Path gz = dir.resolve("w.gz");
        IdxWriter.write(gz, dims, pixels(), true);
        assertThat(Files.readAllBytes(gz)[0] & 0xFF).isEqualTo(0x1f);
        assertThat(IdxReader.read(gz).data()).isEqualTo(pixels());
        assertThatThrownBy(() -> IdxWriter.toBytes(new int[] {2, 2}, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need 4");
    }
}
