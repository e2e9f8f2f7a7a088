package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.digest.ContentDigest.Digests;
import java.io.IOException;

/** A fully received, hashed body not yet visible under its key; closing without commit discards it. */
public interface StagedObject extends AutoCloseable {

    ObjectKey key();

    Digests digests();

    /**
     * Makes the bytes visible under {@link #key()} atomically, replacing what was there.
     *
     * @throws cloud.yuntu.platform.problem.ProblemException 409 when the backend cannot hold this key beside
     *         another one (on disk: a key below another object, or above other objects); nothing changes
     */
    void commit() throws IOException;

    @Override
    void close();
}
