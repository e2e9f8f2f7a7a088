package cloud.yuntu.file.storage;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/**
 * Where objects live in the key space: scenes under {@code scenes/YYYYMMDD/<sceneId>/<file>}
 * (the id chosen by file-service at upload), a task's outputs under
 * {@code results/YYYYMMDD/<taskId>/<file>} (written by the agents holding its jobs).
 */
public final class KeyLayout {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String RESULTS = "results";

    private KeyLayout() {
    }

    /** @param fileName already reduced to a safe single segment */
    public static ObjectKey scene(LocalDate day, UUID sceneId, String fileName) {
        return ObjectKey.of("scenes/" + day.format(DAY) + "/" + sceneId + "/" + fileName);
    }

    /**
     * The task whose outputs a key holds, if it is a result key. Only agents holding one of that
     * task's job grants (and admins or services) can write there, so such an object belongs to
     * the task's owner.
     */
    public static Optional<UUID> taskOfResult(ObjectKey key) {
        String[] segments = key.value().split("/", 4);
        if (segments.length < 4 || !RESULTS.equals(segments[0])) {
            return Optional.empty();
        }
        try {
            UUID task = UUID.fromString(segments[2]);
            // UUID.fromString accepts non-canonical forms ("1-1-1-1-1"); only the canonical one names the task.
            return task.toString().equals(segments[2]) ? Optional.of(task) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
