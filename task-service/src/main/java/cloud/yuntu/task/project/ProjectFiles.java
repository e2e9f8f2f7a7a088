package cloud.yuntu.task.project;

import cloud.yuntu.contracts.frame.SceneManifest;
import cloud.yuntu.contracts.problem.Problem.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a task's project besides the scene, as the request lists them: each path where the
 * scene expects the file, relative to the scene's folder, and the SHA-256 and size of content the
 * user uploaded to {@code PUT /api/assets/{sha256}}. A pure rule: every entry at fault is named.
 *
 * <p>Paths are what Maya scenes write ({@code sourceimages/wood.png}, {@code ../textures/a.png}):
 * {@code ../} may lead up to {@link #MAX_LEVELS_UP} levels above the scene's folder (the agent
 * places the scene that deep in the project tree it builds). Absolute paths are refused: the agent
 * would have to remap them inside Maya, which it does not do yet.
 */
public final class ProjectFiles {

    /** Enough for any project; an entry count the database and a job message carry easily. */
    public static final int MAX_FILES = 20_000;
    public static final int MAX_LEVELS_UP = 8;
    public static final int MAX_PATH = 1023;

    /** One entry of the request, before its checks. */
    public record Requested(String path, String sha256, Long size) {
    }

    private ProjectFiles() {
    }

    /** Every entry at fault, under {@code assets[i].path}, {@code .sha256} or {@code .size}. */
    public static List<FieldError> check(List<Requested> files) {
        List<FieldError> errors = new ArrayList<>();
        if (files.size() > MAX_FILES) {
            errors.add(new FieldError("assets", "must list at most " + MAX_FILES + " files"));
            return errors;
        }
        // Windows file systems, where most scenes are made, do not tell a.png from A.PNG.
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String field = "assets[" + i + "]";
            Requested file = files.get(i);
            if (file == null) {
                errors.add(new FieldError(field, "must be an object with path, sha256 and size"));
                continue;
            }
            Optional<String> pathProblem = pathProblem(file.path());
            if (pathProblem.isPresent()) {
                errors.add(new FieldError(field + ".path", pathProblem.get()));
            } else {
                Integer earlier = seen.putIfAbsent(normal(file.path()).toLowerCase(Locale.ROOT), i);
                if (earlier != null) {
                    errors.add(new FieldError(field + ".path", "is the same file as assets[" + earlier + "].path"));
                }
            }
            if (file.sha256() == null || !file.sha256().matches("[0-9a-f]{64}")) {
                errors.add(new FieldError(field + ".sha256", "must be the file's SHA-256 as 64 lowercase hex digits"));
            }
            if (file.size() == null || file.size() < 0) {
                errors.add(new FieldError(field + ".size", "must be the file's size in bytes, at least 0"));
            }
        }
        return errors;
    }

    /** The manifest entries of files that passed {@link #check}, paths with forward slashes. */
    public static List<SceneManifest.Asset> manifest(List<Requested> files) {
        return files.stream().map(f -> SceneManifest.Asset.of(normal(f.path()), f.sha256(), f.size())).toList();
    }

    static Optional<String> pathProblem(String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("must be the file's path as the scene names it, relative to the scene's folder");
        }
        if (path.length() > MAX_PATH) {
            return Optional.of("must be at most " + MAX_PATH + " characters");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return Optional.of("must not contain control characters");
        }
        String normal = normal(path);
        if (normal.startsWith("/") || normal.matches("[A-Za-z]:.*")) {
            return Optional.of("must be relative to the scene's folder; absolute paths are not supported");
        }
        String[] segments = normal.split("/", -1);
        int up = 0;
        boolean named = false;
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("must not contain empty or '.' segments");
            }
            if (segment.equals("..")) {
                if (named) {
                    return Optional.of("may use '..' only at its start");
                }
                up++;
            } else {
                named = true;
            }
        }
        if (!named) {
            return Optional.of("must name a file");
        }
        if (up > MAX_LEVELS_UP) {
            return Optional.of("may lead at most " + MAX_LEVELS_UP + " folders above the scene's ('../')");
        }
        return Optional.empty();
    }

    /** The path with forward slashes: scenes made on Windows write either. */
    static String normal(String path) {
        return path.replace('\\', '/');
    }
}
