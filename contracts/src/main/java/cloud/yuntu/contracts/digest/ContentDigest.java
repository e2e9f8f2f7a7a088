package cloud.yuntu.contracts.digest;

import cloud.yuntu.contracts.frame.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import net.jpountz.xxhash.StreamingXXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The digests the wire format carries, computed in one pass over the bytes as they stream
 * by (to disk, to a socket): SHA-256 for identity, xxHash64 (seed 0) for the fast transfer
 * check, MD5 for OSS' Content-MD5/ETag. Hex is lowercase; xxh64 is 16 hex digits.
 * Not thread-safe; one instance per stream.
 */
public final class ContentDigest {

    public static final long XXH64_SEED = 0L;
    private static final XXHashFactory XXHASH = XXHashFactory.fastestInstance();

    private final MessageDigest sha256;
    private final MessageDigest md5;
    private final StreamingXXHash64 xxh64;
    private long size;

    public ContentDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256/MD5", e);
        }
        xxh64 = XXHASH.newStreamingHash64(XXH64_SEED);
    }

    public void update(byte[] bytes, int offset, int length) {
        sha256.update(bytes, offset, length);
        md5.update(bytes, offset, length);
        xxh64.update(bytes, offset, length);
        size += length;
    }

    public void update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            update(chunk, 0, chunk.length);
        }
    }

    public long size() {
        return size;
    }

    /** Ends the digest; the instance must not be updated afterwards. */
    public Digests finish() {
        HexFormat hex = HexFormat.of();
        return new Digests(size, hex.formatHex(sha256.digest()), hex.withLowerCase().toHexDigits(xxh64.getValue()),
                hex.formatHex(md5.digest()));
    }

    /** Reads the stream to its end (it is not closed). */
    public static Digests of(InputStream in) throws IOException {
        ContentDigest digest = new ContentDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return digest.finish();
    }

    public record Digests(long size, String sha256, String xxh64, String md5) {

        public StoredObject as(String key) {
            return new StoredObject(key, size, sha256, xxh64, md5);
        }
    }
}
