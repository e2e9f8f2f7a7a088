package cloud.yuntu.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.contracts.digest.ContentDigest;
import cloud.yuntu.contracts.json.LogLines;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigestAndLogLinesTest {

    @Test
    void knownAnswersForTheEmptyInput() throws Exception {
        ContentDigest.Digests empty = ContentDigest.of(new ByteArrayInputStream(new byte[0]));
        assertThat(empty.size()).isZero();
        assertThat(empty.sha256()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(empty.md5()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        // XXH64 of the empty input with seed 0, from the reference implementation.
        assertThat(empty.xxh64()).isEqualTo("ef46db3751d8e999");
    }

    @Test
    void knownAnswersForAbc() throws Exception {
        ContentDigest.Digests abc = ContentDigest.of(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(abc.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(abc.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(abc.xxh64()).isEqualTo("44bc2cf5ad770999");
    }

    @Test
    void chunkingDoesNotChangeTheDigest() throws Exception {
        byte[] data = new byte[1_000_003];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 7));
        }
        ContentDigest.Digests whole = ContentDigest.of(new ByteArrayInputStream(data));
        ContentDigest pieces = new ContentDigest();
        for (int offset = 0; offset < data.length; offset += 4093) {
            pieces.update(ByteBuffer.wrap(data, offset, Math.min(4093, data.length - offset)));
        }
        assertThat(pieces.finish()).isEqualTo(whole);
        assertThat(whole.size()).isEqualTo(data.length);
    }

    @Test
    void logLinesSurviveThePackingIncludingBlankAndUnicodeLines() {
        List<String> lines = IntStream.range(0, 500)
                .mapToObj(i -> i % 7 == 0 ? "" : "00:00:0" + (i % 10) + "  512MB | " + i + "% done 渲染")
                .toList();
        LogLines.Packed packed = LogLines.pack(lines);
        assertThat(packed.lz4().length).isLessThan(packed.uncompressedBytes());
        assertThat(LogLines.unpack(packed.lz4(), packed.uncompressedBytes())).isEqualTo(lines);
        assertThat(LogLines.unpack(LogLines.pack(List.of()).lz4(), 0)).isEmpty();
    }
}
