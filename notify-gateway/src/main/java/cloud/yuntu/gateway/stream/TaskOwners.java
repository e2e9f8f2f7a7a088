package cloud.yuntu.gateway.stream;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * Whose a task is, as far as the gateway knows: it learns owners from the task events it numbers
 * ({@link StreamLog} records them in the same transaction). Read to decide who may follow a task's
 * live log, which reaches the gateway without an owner.
 */
public interface TaskOwners {

    /** The task's owner (a user id), or null when no event of the task was numbered (yet, or within the retention). */
    Uni<String> ownerOf(UUID taskId);
}
