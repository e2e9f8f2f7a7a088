package cloud.yuntu.agent.simulate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a scene asks of the simulator through {@code fileInfo "yuntu.simulate.<key>" "<value>";}
 * statements, which real Maya keeps as harmless metadata. Binary .mb scenes are scanned as bytes,
 * so the statement works appended to either format.
 *
 * @param msPerFrame how long each frame takes
 * @param failFrames frames that fail the way a Maya render error does
 * @param failAttempts the last attempt ({@code YUNTU_FRAME_ATTEMPT}) on which {@code failFrames} fail, so a
 *        frame fails that often and then renders; null: they fail on every attempt
 * @param failOnAgents agents ({@code YUNTU_AGENT_ID}) on which every frame fails, as on a broken node
 */
record SceneBehaviour(long msPerFrame, Set<Integer> failFrames, Integer failAttempts, Set<String> failOnAgents) {

    static final long DEFAULT_MS_PER_FRAME = 200;
    private static final Pattern FILE_INFO = Pattern.compile("fileInfo\\s+\"yuntu\\.simulate\\.(\\w+)\"\\s+\"([^\"]*)\"");

    SceneBehaviour {
        failFrames = Set.copyOf(failFrames);
        failOnAgents = Set.copyOf(failOnAgents);
    }

    static SceneBehaviour read(Path scene, String envMsPerFrame) throws IOException {
        if (!Files.isRegularFile(scene) || !Files.isReadable(scene)) {
            throw new IOException("cannot read " + scene);
        }
        // ISO-8859-1 maps every byte to one char: .mb binaries decode without errors.
        String text = new String(Files.readAllBytes(scene), StandardCharsets.ISO_8859_1);
        long msPerFrame = envMsPerFrame == null || envMsPerFrame.isBlank()
                ? DEFAULT_MS_PER_FRAME : Long.parseLong(envMsPerFrame.trim());
        Set<Integer> failFrames = Set.of();
        Integer failAttempts = null;
        Set<String> failOnAgents = Set.of();
        Matcher m = FILE_INFO.matcher(text);
        while (m.find()) {
            switch (m.group(1)) {
                case "msPerFrame" -> msPerFrame = Long.parseLong(m.group(2).trim());
                case "failFrames" -> failFrames = list(m.group(2)).stream().map(Integer::valueOf)
                        .collect(Collectors.toUnmodifiableSet());
                case "failAttempts" -> failAttempts = Integer.valueOf(m.group(2).trim());
                case "failOnAgents" -> failOnAgents = Set.copyOf(list(m.group(2)));
                default -> {
                    // Keys of newer simulators are ignored, as Maya ignores unknown fileInfo.
                }
            }
        }
        return new SceneBehaviour(Math.max(0, msPerFrame), failFrames, failAttempts, failOnAgents);
    }

    /** Whether {@code frame} fails on {@code attempt} of it: listed in failFrames, and within failAttempts if set. */
    boolean failsFrame(int frame, int attempt) {
        return failFrames.contains(frame) && (failAttempts == null || attempt <= failAttempts);
    }

    /** Whether every frame fails on the agent {@code agentId} (null when the renderer was not told). */
    boolean failsOnAgent(String agentId) {
        return agentId != null && failOnAgents.contains(agentId.trim());
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
