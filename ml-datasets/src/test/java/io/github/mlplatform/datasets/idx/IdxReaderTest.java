package io.github.mlplatform.datasets.idx;

import io.github.mlplatform.datasets.ByteImages;
import io.github.mlplatform.datasets.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
