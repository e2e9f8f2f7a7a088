package cloud.yuntu.scene.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cloud.yuntu.scene.Corpus;
import cloud.yuntu.scene.parse.SceneParseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input gives a {@link SceneParseException} naming an offset, never a hang, another
 * exception or an OutOfMemoryError (the module's tests run with -Xmx256m). The timeouts guard
 * against hangs only; they are far above what any of this takes.
 */
class HostileInputTest {

    /** Mutations per run: enough to hit every branch family, bounded for the normal test run. */
    private static final int FUZZ_ITERATIONS = 1500;
    private static final long SEED = 0x5eed_2026L;

    private static void analyse(byte[] bytes) {
        new SceneAnalyser().analyse(new ByteArrayInputStream(bytes), "fuzz", UploadManifest.of(List.of("a.png")));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void seededMutationFuzzOverTheCorpus() throws Exception {
        List<byte[]> corpus = new ArrayList<>();
        for (var path : Corpus.files()) {
            corpus.add(Files.readAllBytes(path));
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int rejected = 0;
        for (int i = 0; i < FUZZ_ITERATIONS; i++) {
            byte[] original = corpus.get(random.nextInt(corpus.size()));
            byte[] mutated = mutate(original, random);
            try {
                analyse(mutated);
            } catch (SceneParseException e) {
                rejected++;
                assertThat(e.offset()).as("iteration %d", i).isBetween(0L, (long) mutated.length);
                assertThat(e.getMessage()).contains("byte offset");
            }
        }
        // Both outcomes must occur, or the mutations are not reaching the parsers' error paths.
        assertThat(rejected).isBetween(1, FUZZ_ITERATIONS - 1);
    }

    private static byte[] mutate(byte[] original, SplittableRandom random) {
        byte[] data = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip bytes
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    data[random.nextInt(data.length)] = (byte) random.nextInt(256);
                }
            }
            case 1 -> { // truncate
                data = java.util.Arrays.copyOf(data, random.nextInt(data.length));
            }
            case 2 -> { // overwrite a 4- or 8-byte word with an extreme size
                int at = random.nextInt(Math.max(1, data.length - 8));
                long value = random.nextBoolean() ? -1L : random.nextLong();
                for (int k = 0; k < 8 && at + k < data.length; k++) {
                    data[at + k] = (byte) (value >>> (8 * k));
                }
            }
            case 3 -> { // splice a random slice elsewhere
                int from = random.nextInt(data.length);
                int to = random.nextInt(data.length);
                int len = Math.min(random.nextInt(256), Math.min(data.length - from, data.length - to));
                System.arraycopy(original, from, data, to, len);
            }
            default -> { // drop a quote or semicolon, the .ma structure characters
                for (int k = 0; k < 16; k++) {
                    int at = random.nextInt(data.length);
                    if (data[at] == '"' || data[at] == ';') {
                        data[at] = 'x';
                    }
                }
            }
        }
        return data;
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aHundredMegabyteSingleTokenIsRefusedWithItsOffset() {
        byte[] head = "//Maya ASCII 2024 scene\ncreateNode script -n \"s\";\n\tsetAttr \".b\" -type \"string\" \""
                .getBytes(StandardCharsets.US_ASCII);
        long tokenStart = head.length - 1;
        InputStream endless = new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < head.length ? head[(int) position++] & 0xff : position++ < 100L * 1024 * 1024 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
        assertThatThrownBy(() -> new SceneAnalyser().analyse(endless, "big.ma", null))
                .isInstanceOf(SceneParseException.class)
                .hasMessageContaining("began at byte " + tokenStart)
                .satisfies(e -> assertThat(((SceneParseException) e).code()).isEqualTo("limit-exceeded"));
    }

    @Test
    void binaryGarbageIsNotAMayaFile() {
        byte[] garbage = new byte[4096];
        new SplittableRandom(7).nextBytes(garbage);
        garbage[0] = 0x13;
        assertThatThrownBy(() -> analyse(garbage)).isInstanceOf(SceneParseException.class)
                .satisfies(e -> assertThat(((SceneParseException) e).code()).isEqualTo("not-a-maya-file"));
    }

    @Test
    void binaryDataInsideAnAsciiSceneNamesItsOffset() {
        byte[] text = "//Maya ASCII 2024 scene\ncreateNode transform -n \"a\";\n\u0000\u0001garbage;\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        int at = new String(text, StandardCharsets.ISO_8859_1).indexOf('\u0000');
        assertThatThrownBy(() -> analyse(text)).isInstanceOf(SceneParseException.class)
                .hasMessageContaining("byte offset " + at);
    }

    @Test
    void truncatedAsciiStatementNamesWhereItBegan() {
        String text = "//Maya ASCII 2024 scene\ncreateNode file -n \"f\";\n\tsetAttr \".ftn\" -type \"string\" \"a.png\"";
        assertThatThrownBy(() -> analyse(text.getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(SceneParseException.class)
                .satisfies(e -> assertThat(((SceneParseException) e).code()).isEqualTo("truncated"))
                .hasMessageContaining("began at byte " + text.indexOf("setAttr"));
    }

    @Test
    void aTextFileWithoutTheHeaderIsNotAMayaFile() {
        assertThatThrownBy(() -> analyse("// just a comment\ncreateNode transform;\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(SceneParseException.class)
                .satisfies(e -> assertThat(((SceneParseException) e).code()).isEqualTo("not-a-maya-file"));
    }
}
