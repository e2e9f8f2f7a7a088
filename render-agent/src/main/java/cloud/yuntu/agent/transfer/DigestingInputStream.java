package cloud.yuntu.agent.transfer;

import cloud.yuntu.contracts.digest.ContentDigest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Hashes bytes as they are read, so an upload computes its digests in the same pass that sends it. */
final class DigestingInputStream extends FilterInputStream {

    private final ContentDigest digest;

    DigestingInputStream(InputStream in, ContentDigest digest) {
        super(in);
        this.digest = digest;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            digest.update(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        throw new UnsupportedOperationException("skipping would leave bytes out of the digest");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
