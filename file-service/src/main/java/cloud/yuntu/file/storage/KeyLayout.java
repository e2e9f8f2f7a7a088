package cloud.yuntu.file.storage;

import cloud.yuntu.platform.problem.ProblemException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where objects live in the key space, and the only keys that may be presigned or written through a URL:
 * <ul>
 *   <li>scenes under {@code scenes/YYYYMMDD/<sceneId>/<file>} (one final segment; the id chosen by
 *       file-service at upload),</li>
 *   <li>a task's outputs under {@code results/YYYYMMDD/<taskId>/<relative path>} (at least one segment
 *       after the task id; written by the agents holding its jobs),</li>
 *   <li>assets under {@code assets/sha256/<64 lowercase hex>} (written only by the asset upload).</li>
 * </ul>
 * Ids are canonical lowercase UUIDs and days real calendar days, so that a day's or a task's
 * directory can never be an object: no key can be the prefix of another user's keys.
 */
public final class KeyLayout {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;
    private static final String RESULTS = "results";
    private static final String UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final Pattern SCENE = Pattern.compile("scenes/([0-9]{8})/" + UUID_TEXT + "/[^/]+");
    private static final Pattern RESULT = Pattern.compile("results/([0-9]{8})/" + UUID_TEXT + "/.+");
    private static final Pattern ASSET = Pattern.compile("assets/sha256/[0-9a-f]{64}");
    static final String RULE = "must be scenes/YYYYMMDD/<uuid>/<file name>, results/YYYYMMDD/<uuid>/<path> "
            + "or assets/sha256/<64 lowercase hex digits>";

    /** The three kinds of keys. */
    public enum Kind {
        SCENE,
        RESULT,
        ASSET
    }

    private KeyLayout() {
    }

    /** @param fileName already reduced to a safe single segment */
    public static ObjectKey scene(LocalDate day, UUID sceneId, String fileName) {
        return ObjectKey.of("scenes/" + day.format(DAY) + "/" + sceneId + "/" + fileName);
    }

    /**
     * {@code value} as a key of one of the three layouts, exactly.
     *
     * @throws ProblemException 422 on field {@code key} otherwise
     */
    public static ObjectKey strict(String value) {
        ObjectKey key = ObjectKey.of(value);
        if (kindOf(key).isEmpty()) {
            throw ProblemException.invalidField("key", RULE);
        }
        return key;
    }

    /** Which layout {@code key} follows; empty for a key of none. */
    public static Optional<Kind> kindOf(ObjectKey key) {
        String value = key.value();
        if (ASSET.matcher(value).matches()) {
            return Optional.of(Kind.ASSET);
        }
        Matcher scene = SCENE.matcher(value);
        if (scene.matches()) {
            return isDay(scene.group(1)) ? Optional.of(Kind.SCENE) : Optional.empty();
        }
        Matcher result = RESULT.matcher(value);
        if (result.matches()) {
            return isDay(result.group(1)) ? Optional.of(Kind.RESULT) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean isDay(String text) {
        try {
            LocalDate.parse(text, DAY);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
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
