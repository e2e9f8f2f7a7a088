package cloud.yuntu.file;

import java.io.InputStream;

/**
 * A deterministic pseudo-random body of a given size, produced as it is read and digested on
 * the way, so a test can send gigabytes without holding them.
 */
public final class GeneratedBody extends InputStream {

    private final long size;
    private final IndependentDigest digest = new IndependentDigest();
    private long state;
    private long position;

    public GeneratedBody(long size, long seed) {
        this.size = size;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (position >= size) {
            return -1;
        }
        int n = (int) Math.min(length, size - position);
        for (int i = 0; i < n; i++) {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            buffer[offset + i] = (byte) state;
        }
        digest.update(buffer, offset, n);
        position += n;
        return n;
    }

    /** Valid once the body was read to its end. */
    public IndependentDigest.Result digest() {
        if (position < size) {
            throw new IllegalStateException("only " + position + " of " + size + " bytes were read");
        }
        return digest.result();
    }
}
