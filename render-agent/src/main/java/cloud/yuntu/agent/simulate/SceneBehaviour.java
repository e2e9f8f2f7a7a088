package cloud.yuntu.agent.simulate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a scene asks of the simulator through {@code fileInfo "yuntu.simulate.<key>" "<value>";}
 * statements, which real Maya keeps as harmless metadata ({@link SceneFile} reads them: as MEL in a
 * Maya ASCII scene, as bytes in a binary .mb one, so the statement works appended to either format).
 *
 * @param msPerFrame how long each frame takes
 * @param failFrames frames that fail the way a Maya render error does
 * @param failAttempts the last attempt ({@code YUNTU_FRAME_ATTEMPT}) on which {@code failFrames} fail, so a
 *        frame fails that often and then renders; null: they fail on every attempt
 * @param failOnAgents agents ({@code YUNTU_AGENT_ID}) on which every frame fails, as on a broken node
 * @param blackFrames frames rendered as an all-black image (the renderer still exits 0)
 * @param emptyFrames frames whose image is written as a 0-byte file (exit 0)
 * @param truncatedFrames frames whose image is a valid one cut to half its length (exit 0)
 * @param nanFrames frames whose OpenEXR image holds NaN pixels, as a shader dividing by zero leaves them (exit 0)
 * @param helpers when set, the renderer starts helper processes that have children of their own, as Maya's
 *        {@code Render} script starts the renderer and renderers start license checkers and texture
 *        converters; each helper's command line names {@code yuntu-helper-<helpers>} so a test can find the
 *        tree. They end with a render that ends by itself; a killed one must have them killed with it.
 */
record SceneBehaviour(long msPerFrame, Set<Integer> failFrames, Integer failAttempts, Set<String> failOnAgents,
                      Set<Integer> blackFrames, Set<Integer> emptyFrames, Set<Integer> truncatedFrames,
                      Set<Integer> nanFrames, String helpers) {

    /** How a frame's image comes out: as it should, or broken in one of the ways the agent's output check catches. */
    enum Image { GOOD, BLACK, EMPTY, TRUNCATED, NAN }

    static final long DEFAULT_MS_PER_FRAME = 200;
    /** A helpers marker goes onto a command line: a plain token only (anything else is ignored). */
    private static final java.util.regex.Pattern HELPER_MARKER = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");

    SceneBehaviour {
        failFrames = Set.copyOf(failFrames);
        failOnAgents = Set.copyOf(failOnAgents);
        blackFrames = Set.copyOf(blackFrames);
        emptyFrames = Set.copyOf(emptyFrames);
        truncatedFrames = Set.copyOf(truncatedFrames);
        nanFrames = Set.copyOf(nanFrames);
    }

    SceneBehaviour(long msPerFrame, Set<Integer> failFrames, Integer failAttempts, Set<String> failOnAgents) {
        this(msPerFrame, failFrames, failAttempts, failOnAgents, Set.of(), Set.of(), Set.of(), Set.of(), null);
    }

    SceneBehaviour(long msPerFrame, Set<Integer> failFrames, Integer failAttempts, Set<String> failOnAgents,
            Set<Integer> blackFrames, Set<Integer> emptyFrames, Set<Integer> truncatedFrames, Set<Integer> nanFrames) {
        this(msPerFrame, failFrames, failAttempts, failOnAgents, blackFrames, emptyFrames, truncatedFrames, nanFrames, null);
    }

    /** The behaviour {@code scene} asks for ({@link SceneFile}, read whole but never held whole). */
    static SceneBehaviour read(Path scene, String envMsPerFrame) throws IOException {
        return of(SceneFile.read(scene).simulate(), envMsPerFrame);
    }

    /**
     * @param simulate the scene's {@code yuntu.simulate.} settings by key ({@link SceneFile#simulate()})
     * @param envMsPerFrame the frame time of the environment, used when the scene sets none; null or blank: the default
     */
    static SceneBehaviour of(Map<String, String> simulate, String envMsPerFrame) {
        long msPerFrame = envMsPerFrame == null || envMsPerFrame.isBlank()
                ? DEFAULT_MS_PER_FRAME : Long.parseLong(envMsPerFrame.trim());
        Set<Integer> failFrames = Set.of();
        Integer failAttempts = null;
        Set<String> failOnAgents = Set.of();
        Set<Integer> blackFrames = Set.of();
        Set<Integer> emptyFrames = Set.of();
        Set<Integer> truncatedFrames = Set.of();
        Set<Integer> nanFrames = Set.of();
        String helpers = null;
        for (Map.Entry<String, String> setting : simulate.entrySet()) {
            String value = setting.getValue();
            switch (setting.getKey()) {
                case "msPerFrame" -> msPerFrame = Long.parseLong(value.trim());
                case "failFrames" -> failFrames = frames(value);
                case "blackFrames" -> blackFrames = frames(value);
                case "emptyFrames" -> emptyFrames = frames(value);
                case "truncatedFrames" -> truncatedFrames = frames(value);
                case "nanFrames" -> nanFrames = frames(value);
                case "failAttempts" -> failAttempts = Integer.valueOf(value.trim());
                case "failOnAgents" -> failOnAgents = Set.copyOf(list(value));
                case "helpers" -> helpers = HELPER_MARKER.matcher(value.trim()).matches() ? value.trim() : null;
                default -> {
                    // Keys of newer simulators are ignored, as Maya ignores unknown fileInfo.
                }
            }
        }
        return new SceneBehaviour(Math.max(0, msPerFrame), failFrames, failAttempts, failOnAgents, blackFrames,
                emptyFrames, truncatedFrames, nanFrames, helpers);
    }

    /** Whether {@code frame} fails on {@code attempt} of it: listed in failFrames, and within failAttempts if set. */
    boolean failsFrame(int frame, int attempt) {
        return failFrames.contains(frame) && (failAttempts == null || attempt <= failAttempts);
    }

    /** Whether every frame fails on the agent {@code agentId} (null when the renderer was not told). */
    boolean failsOnAgent(String agentId) {
        return agentId != null && failOnAgents.contains(agentId.trim());
    }

    /**
     * How {@code frame}'s image is written; a frame listed under several keys: empty, then truncated, then
     * NaN, then black.
     */
    Image image(int frame) {
        if (emptyFrames.contains(frame)) {
            return Image.EMPTY;
        }
        if (truncatedFrames.contains(frame)) {
            return Image.TRUNCATED;
        }
        if (nanFrames.contains(frame)) {
            return Image.NAN;
        }
        return blackFrames.contains(frame) ? Image.BLACK : Image.GOOD;
    }

    private static Set<Integer> frames(String value) {
        return list(value).stream().map(Integer::valueOf).collect(Collectors.toUnmodifiableSet());
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
