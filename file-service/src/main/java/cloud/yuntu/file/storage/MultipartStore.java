package cloud.yuntu.file.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Uploads received in numbered parts over many requests, then joined into one object. Parts live
 * in the store's private area until {@link #complete} joins them into a {@link StagedObject}
 * (hashed whole, published by its {@link StagedObject#commit} like every other write) or
 * {@link #abort} removes them. Joining keeps the parts: a completion that fails later (publishing,
 * cataloguing) can be tried again, and only {@link #abort} removes what the upload left.
 */
public interface MultipartStore {

    /** Starts an upload. @return the store's reference to it, to be kept by the caller */
    String initiate() throws IOException;

    /**
     * Stores part {@code partNumber} from exactly {@code length} bytes of {@code body}, replacing an
     * earlier part of that number. Nothing of a body that ends early, runs long or does not match
     * {@code expectedMd5} is kept (the earlier part, if any, stays).
     *
     * @param expectedMd5 the 16 bytes of the client's {@code Content-MD5}, or null
     * @throws cloud.yuntu.platform.problem.ProblemException 422 on {@code Content-MD5} on a mismatch,
     *         on {@code Content-Length} when the body is shorter or longer than {@code length}
     */
    StoredPart putPart(String upload, int partNumber, InputStream body, long length, byte[] expectedMd5)
            throws IOException;

    /** The parts held, by part number. Costly on local disk (every part is read for its MD5). */
    List<StoredPart> listParts(String upload) throws IOException;

    /**
     * Joins {@code parts} (every part of the upload, in order) into a staged object under {@code key},
     * computing its digests. Each part must still be the one described (size and MD5), else nothing
     * is staged. Closing the result without commit discards the joined copy, not the parts.
     *
     * @throws cloud.yuntu.platform.problem.ProblemException 409 when a part changed since it was described,
     *         413 past {@code maxBytes}
     */
    StagedObject complete(String upload, ObjectKey key, List<StoredPart> parts, long maxBytes) throws IOException;

    /** Removes the parts and whatever a completion left of the upload; removing it again changes nothing. */
    void abort(String upload) throws IOException;

    /** A part held by the store: its size and the MD5 of its bytes (32 lowercase hex digits). */
    record StoredPart(int partNumber, long size, String md5) {
    }
}
