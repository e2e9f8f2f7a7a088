package cloud.yuntu.file.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where object bytes live. Writes are two-phase so that nothing half-written is ever visible:
 * {@link #stage} streams and hashes the body somewhere private, {@link StagedObject#commit}
 * publishes it under its key in one atomic step (replacing an earlier object of that key).
 */
public interface ObjectStore {

    /**
     * Streams {@code body} to its end into a private staging area, computing its digests.
     *
     * @throws cloud.yuntu.platform.problem.ProblemException 413 once more than {@code maxBytes} arrived
     */
    StagedObject stage(ObjectKey key, InputStream body, long maxBytes) throws IOException;

    /**
     * Removes the object under {@code key}, if any. Callers keep their catalogue in step
     * (content-addressed assets are deleted only once no owner references them).
     *
     * @return whether there was an object to remove; false (and no error) when it is gone already
     */
    boolean delete(ObjectKey key) throws IOException;

    /**
     * One page of the objects whose keys start with {@code prefix}, with their last modification, for
     * an audit of what the store holds. Pages follow one another from {@code cursor} null (the first)
     * to the page without {@code next}; an object written or removed meanwhile may or may not be on a
     * later page. Names that are no valid key (nothing this service wrote) are left out.
     *
     * @param prefix the folder of keys to list, ending with '/'
     * @param cursor null, or the {@code next} of the page before (opaque)
     * @param limit most objects on the page
     */
    Page<ListedObject> list(String prefix, String cursor, int limit) throws IOException;

    /**
     * One page of the store's private working area, where writes stage their bytes and multipart
     * uploads keep their parts: what a write in progress, a crash or an upload never recorded left there.
     * Paged like {@link #list}.
     */
    Page<WorkEntry> listWork(String cursor, int limit) throws IOException;

    /** Removes a working entry an audit found orphaned; one gone already is no error. */
    void removeWork(WorkEntry entry) throws IOException;

    /** The object's bytes, to be streamed by the caller and closed. */
    Optional<ObjectContent> open(ObjectKey key) throws IOException;

    record ObjectContent(long size, InputStream stream) {
    }

    /** An object as a listing shows it. */
    record ListedObject(ObjectKey key, long size, Instant lastModified) {
    }

    /**
     * A file or object of the working area, named relative to the store ({@code .staging/...});
     * {@code upload} is the beginning of the {@link MultipartStore#initiate reference} of the upload it
     * may belong to (it is that upload's while an upload whose reference begins so is recorded), empty
     * for what belongs to no upload (the staging of a single write).
     */
    record WorkEntry(String name, Optional<String> upload, Instant lastModified) {
    }

    /** One page of a listing; {@code next} leads to the following page, empty after the last one. */
    record Page<T>(List<T> items, Optional<String> next) {

        public Page {
            items = List.copyOf(items);
        }
    }
}
