package cloud.yuntu.file.storage;

import cloud.yuntu.contracts.problem.Problem.FieldError;
import cloud.yuntu.platform.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which objects may be deleted through {@code DELETE /api/files/objects}. Nothing a task may still
 * need goes, whoever asks:
 * <ul>
 *   <li>a result only once its task has ended (completed, failed, cancelled): until then its list is
 *       still being written and its frames may be confirmed or retried;</li>
 *   <li>a scene only while none of its owner's tasks is open: the task events do not say which scene
 *       a task renders, so any open task of the owner may be rendering it;</li>
 *   <li>assets never: one copy serves every user who uploaded that content, and manifests and the
 *       retention decide when it goes (see {@code AssetSweeper}).</li>
 * </ul>
 * Pure: {@code ObjectDeletion} applies it under the key's lock.
 */
public final class DeletionRule {

    static final String IN_USE = "object-in-use";

    private DeletionRule() {
    }

    /**
     * The key as one that may be deleted: of one of the layouts, and not an asset.
     *
     * @throws ProblemException 422 on field {@code key}
     */
    public static ObjectKey deletable(String value) {
        ObjectKey key = KeyLayout.strict(value);
        if (KeyLayout.kindOf(key).orElseThrow() == KeyLayout.Kind.ASSET) {
            throw ProblemException.invalidField("key", "assets are content-addressed and shared by everyone who "
                    + "uploaded that content; they are removed by the retention once no task's manifest holds them");
        }
        return key;
    }

    /**
     * @param taskEnded for a result: whether its task has ended, empty when file-service has not heard of the task
     * @param ownerHasOpenTask for a scene: whether a task of its owner has not ended
     * @return why {@code key} may not be deleted now; empty when it may
     */
    public static Optional<ProblemException> refusal(ObjectKey key, Optional<Boolean> taskEnded,
            boolean ownerHasOpenTask) {
        return switch (KeyLayout.kindOf(key).orElseThrow()) {
            case RESULT -> {
                UUID task = KeyLayout.taskOfResult(key).orElseThrow();
                if (taskEnded.isEmpty()) {
                    yield Optional.of(inUse(key, "it is a result of task " + task
                            + ", which has not been announced on farm.task-events yet"));
                }
                yield taskEnded.get() ? Optional.empty() : Optional.of(inUse(key, "it is a result of task " + task
                        + ", which has not ended; delete its results once it completed, failed or was cancelled"));
            }
            case SCENE -> ownerHasOpenTask ? Optional.of(inUse(key, "it is a scene and a task of its owner has not "
                    + "ended; scenes are kept while any of their owner's tasks may be rendering them")) : Optional.empty();
            case ASSET -> throw new IllegalArgumentException("assets are refused by deletable(): " + key);
        };
    }

    private static ProblemException inUse(ObjectKey key, String why) {
        String detail = key + " cannot be deleted now: " + why;
        return new ProblemException(409, IN_USE, "Object in use", detail, List.of(new FieldError("key", detail)));
    }
}
