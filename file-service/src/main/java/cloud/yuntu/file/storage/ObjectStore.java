package cloud.yuntu.file.storage;

import java.io.IOException;
import java.io.InputStream;
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
     * @return whether there was an object to remove
     */
    boolean delete(ObjectKey key) throws IOException;

    /** The object's bytes, to be streamed by the caller and closed. */
    Optional<ObjectContent> open(ObjectKey key) throws IOException;

    record ObjectContent(long size, InputStream stream) {
    }
}
