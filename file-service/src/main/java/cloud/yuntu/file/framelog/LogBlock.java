package cloud.yuntu.file.framelog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The lines inside one batch's LZ4 block: UTF-8 text, lines joined by {@code '\n'} (contracts'
 * {@code LogLines} packs them so). Read with LZ4's safe decompressor, which checks every offset of
 * the block against its bounds: the bytes come from the network, and a block that does not decode
 * to exactly {@code uncompressedBytes} is refused rather than trusted.
 */
final class LogBlock {

    /**
     * Largest text of one batch accepted. An agent sends a batch every second or every 200 lines,
     * a few KiB; the bound keeps a forged size from making this service allocate gigabytes.
     */
    static final int MAX_UNCOMPRESSED_BYTES = 16 * 1024 * 1024;

    private static final LZ4SafeDecompressor LZ4 = LZ4Factory.fastestInstance().safeDecompressor();

    private LogBlock() {
    }

    /**
     * @throws IllegalArgumentException when the block is not {@code lineCount} lines in {@code uncompressedBytes}
     */
    static List<String> lines(byte[] lz4, int uncompressedBytes, int lineCount) {
        if (uncompressedBytes < 0 || uncompressedBytes > MAX_UNCOMPRESSED_BYTES) {
            throw new IllegalArgumentException("uncompressedBytes " + uncompressedBytes + " is outside 0.."
                    + MAX_UNCOMPRESSED_BYTES);
        }
        byte[] text = new byte[uncompressedBytes];
        int decoded;
        try {
            decoded = LZ4.decompress(lz4, 0, lz4.length, text, 0, uncompressedBytes);
        } catch (LZ4Exception e) {
            throw new IllegalArgumentException("the LZ4 block does not decode to " + uncompressedBytes + " bytes: "
                    + e.getMessage());
        }
        if (decoded != uncompressedBytes) {
            throw new IllegalArgumentException("the LZ4 block decodes to " + decoded + " bytes, not "
                    + uncompressedBytes);
        }
        // A batch of one empty line packs to no bytes at all: that is one line here, as split(-1) reads it.
        List<String> lines = List.of(new String(text, StandardCharsets.UTF_8).split("\n", -1));
        if (lines.size() != lineCount) {
            throw new IllegalArgumentException("the block holds " + lines.size() + " lines, not " + lineCount);
        }
        return lines;
    }
}
