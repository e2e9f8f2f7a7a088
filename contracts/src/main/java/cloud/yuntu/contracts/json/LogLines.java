package cloud.yuntu.contracts.json;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/** Packs log lines into the LZ4 block of a {@link cloud.yuntu.contracts.frame.FrameLogBatch} and back. */
public final class LogLines {

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    private LogLines() {
    }

    public record Packed(byte[] lz4, int uncompressedBytes) {
    }

    public static Packed pack(List<String> lines) {
        byte[] raw = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        LZ4Compressor compressor = LZ4.fastCompressor();
        byte[] out = new byte[compressor.maxCompressedLength(raw.length)];
        int n = compressor.compress(raw, 0, raw.length, out, 0, out.length);
        return new Packed(Arrays.copyOf(out, n), raw.length);
    }

    public static List<String> unpack(byte[] lz4, int uncompressedBytes) {
        if (uncompressedBytes == 0) {
            return List.of();
        }
        LZ4FastDecompressor decompressor = LZ4.fastDecompressor();
        byte[] raw = new byte[uncompressedBytes];
        decompressor.decompress(lz4, 0, raw, 0, uncompressedBytes);
        return List.of(new String(raw, StandardCharsets.UTF_8).split("\n", -1));
    }
}
