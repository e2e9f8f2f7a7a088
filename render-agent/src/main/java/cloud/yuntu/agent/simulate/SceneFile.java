package cloud.yuntu.agent.simulate;

import cloud.yuntu.agent.simulate.SceneDependencies.Dependency;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the simulator takes from a scene file, read once from start to end and never held whole (a
 * scene may be far larger than the simulator's heap, as real Maya takes it): the
 * {@code fileInfo "yuntu.simulate.<key>" "<value>";} settings ({@link SceneBehaviour}) and the files
 * it makes Maya load ({@link SceneDependencies}).
 *
 * <p>A Maya ASCII scene ({@code .ma}) is read as MEL statements ({@link MelStatements}), so a
 * {@code fileInfo} in a comment or inside another statement's string is not one, as for Maya. Any
 * other file (a binary {@code .mb}) is scanned as bytes for the {@code fileInfo} statement's text,
 * so the statement works appended to either format; it names no files the simulator reads.
 *
 * @param simulate the {@code yuntu.simulate.} settings by key (without the prefix); the last of a key wins
 * @param dependencies the files the scene makes Maya load, references first; none for a binary scene
 */
record SceneFile(Map<String, String> simulate, List<Dependency> dependencies) {

    static final String SIMULATE = "yuntu.simulate.";
    private static final Pattern FILE_INFO = Pattern.compile("fileInfo\\s+\"yuntu\\.simulate\\.(\\w+)\"\\s+\"([^\"]*)\"");
    /** Characters of a binary scene scanned at a time. */
    static final int CHUNK = 1 << 20;
    /**
     * Characters kept from one chunk for the next, so a statement across their boundary is found: the
     * longest {@code fileInfo} statement a binary scene is scanned for.
     */
    static final int LONGEST_BINARY_FILE_INFO = 64 * 1024;

    SceneFile {
        simulate = Map.copyOf(simulate);
        dependencies = List.copyOf(dependencies);
    }

    /** Reads {@code scene}; an IOException when it is missing or cannot be read. */
    static SceneFile read(Path scene) throws IOException {
        if (!Files.isRegularFile(scene) || !Files.isReadable(scene)) {
            throw new IOException("cannot read " + scene);
        }
        return isMayaAscii(scene) ? readAscii(scene) : new SceneFile(scanBinary(scene), List.of());
    }

    static boolean isMayaAscii(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ma");
    }

    private static SceneFile readAscii(Path scene) throws IOException {
        Map<String, String> simulate = new HashMap<>();
        SceneDependencies dependencies = new SceneDependencies();
        // ISO-8859-1 maps every byte to one char: any codeset decodes without errors, and paths and
        // keys are compared as the bytes the scene holds.
        try (Reader in = new InputStreamReader(Files.newInputStream(scene), StandardCharsets.ISO_8859_1)) {
            MelStatements.read(in, statement -> {
                List<String> words = statement.words();
                if (words.size() >= 3 && words.getFirst().equals("fileInfo") && words.get(1).startsWith(SIMULATE)) {
                    simulate.put(words.get(1).substring(SIMULATE.length()), words.get(2));
                } else {
                    dependencies.accept(statement);
                }
            });
        }
        return new SceneFile(simulate, dependencies.found());
    }

    /**
     * The settings of a file that is not MEL, one chunk at a time. A match starting in a chunk's last
     * {@link #LONGEST_BINARY_FILE_INFO} characters is left for the next round, which begins there.
     */
    private static Map<String, String> scanBinary(Path scene) throws IOException {
        Map<String, String> simulate = new HashMap<>();
        StringBuilder window = new StringBuilder(CHUNK + LONGEST_BINARY_FILE_INFO);
        char[] chunk = new char[CHUNK];
        try (Reader in = new InputStreamReader(Files.newInputStream(scene), StandardCharsets.ISO_8859_1)) {
            boolean end = false;
            while (!end) {
                int n = in.read(chunk);
                end = n < 0;
                if (n > 0) {
                    window.append(chunk, 0, n);
                }
                if (!end && window.length() < CHUNK + LONGEST_BINARY_FILE_INFO) {
                    continue;
                }
                int cutoff = end ? window.length() : window.length() - LONGEST_BINARY_FILE_INFO;
                int keepFrom = cutoff;
                Matcher m = FILE_INFO.matcher(window);
                while (m.find() && m.start() < cutoff) {
                    simulate.put(m.group(1), m.group(2));
                    keepFrom = Math.max(keepFrom, m.end());
                }
                window.delete(0, keepFrom);
            }
        }
        return simulate;
    }
}
