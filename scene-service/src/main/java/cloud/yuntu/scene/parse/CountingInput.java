package cloud.yuntu.scene.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A buffered byte source that knows its offset, which every parse error names. Reads through
 * its own buffer rather than BufferedInputStream so a byte costs an array access, not a call.
 */
public final class CountingInput {

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int limit;
    private long consumedBefore;

    public CountingInput(InputStream in) {
        this(in, 256 * 1024);
    }

    public CountingInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /** Offset of the next byte to be read. */
    public long offset() {
        return consumedBefore + position;
    }

    /** The next byte (0-255) or -1 at the end. */
    public int read() {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    /** The next byte without consuming it, -1 at the end. */
    public int peek() {
        if (position == limit && !fill()) {
            return -1;
        }
        return buffer[position] & 0xff;
    }

    /** Reads exactly {@code length} bytes, or fails naming what was being read. */
    public void readFully(byte[] target, int off, int length, String what) {
        long start = offset();
        while (length > 0) {
            if (position == limit && !fill()) {
                throw SceneParseException.truncated(what + " starting at byte " + start, offset());
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, target, off, n);
            position += n;
            off += n;
            length -= n;
        }
    }

    /** Skips exactly {@code length} bytes (still read: a digest may be watching the stream). */
    public void skip(long length, String what) {
        long start = offset();
        while (length > 0) {
            if (position == limit && !fill()) {
                throw SceneParseException.truncated(what + " starting at byte " + start, offset());
            }
            int n = (int) Math.min(length, limit - position);
            position += n;
            length -= n;
        }
    }

    /** Reads what is left so a digest of the whole file completes; returns the byte count. */
    public long drain() {
        long n = 0;
        while (position < limit || fill()) {
            n += limit - position;
            position = limit;
        }
        return n;
    }

    private boolean fill() {
        consumedBefore += limit;
        position = 0;
        limit = 0;
        try {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                return false;
            }
            limit = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
