package cloud.yuntu.file;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Digests computed the way a client would, straight from the JDK and lz4-java (pure-Java
 * xxHash), not through contracts' ContentDigest, so tests check file-service against an
 * independent implementation.
 */
public final class IndependentDigest {

    private final MessageDigest sha256;
    private final MessageDigest md5;
    private final StreamingXXHash64 xxh64 = XXHashFactory.safeInstance().newStreamingHash64(0L);
    private long size;

    public IndependentDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static Result of(byte[] bytes) {
        IndependentDigest digest = new IndependentDigest();
        digest.update(bytes, 0, bytes.length);
        return digest.result();
    }

    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        md5.update(bytes, offset, length);
        xxh64.update(bytes, offset, length);
        size += length;
    }

    public Result result() {
        HexFormat hex = HexFormat.of();
        return new Result(size, hex.formatHex(sha256.digest()), String.format("%016x", xxh64.getValue()),
                hex.formatHex(md5.digest()));
    }

    public record Result(long size, String sha256, String xxh64, String md5) {
    }
}
