package cloud.yuntu.agent.simulate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of Maya's {@code Render} flags the farm passes. Anything else is rejected the way
 * Maya rejects a flag it does not know, so a wrong command line fails in the simulator too.
 *
 * <p>Renderer-specific flags, each with one value, are accepted and kept in {@code rendererFlags} without effect on
 * the simulated render: Arnold's {@code -ai:*} (and any other renderer's {@code -<prefix>:<name>} form), Maya
 * Software's {@code -n}, Redshift's {@code -gpu}, and Maya's {@code -preRender} MEL callback (V-Ray's settings).
 * The agent passes them for the real renderers, and the simulator standing in for one must take its command line.
 *
 * @param rendererFlags renderer-specific flags and their values, in command-line order
 */
record RenderFlags(String renderer, int start, int end, int by, int pad, Path renderDir, String imagePrefix,
                   String format, int width, int height, String camera, String layer, Path project, Path scene,
                   Map<String, String> rendererFlags) {

    /** {@code -ai:lve}, {@code -mr:v}: a renderer's own flag, named after its prefix. */
    private static final Pattern PREFIXED = Pattern.compile("-[A-Za-z]+:[A-Za-z0-9]+");
    /** Renderer-specific flags without a prefix that the agent passes (MayaSoftware, Redshift, VRay). */
    private static final Set<String> RENDERER_SPECIFIC = Set.of("-n", "-gpu", "-preRender");

    static RenderFlags parse(String[] args) {
        String renderer = "simulate";
        Integer start = null;
        Integer end = null;
        int by = 1;
        int pad = 4;
        Path renderDir = Path.of("images");
        String prefix = null;
        String format = "png";
        int width = 640;
        int height = 480;
        String camera = null;
        String layer = null;
        Path project = null;
        Path scene = null;
        Map<String, String> rendererFlags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                if (i != args.length - 1) {
                    throw new IllegalArgumentException("Unexpected argument " + arg + ": the scene file comes last");
                }
                scene = Path.of(arg);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "-r" -> renderer = value;
                case "-s" -> start = integer(arg, value);
                case "-e" -> end = integer(arg, value);
                case "-b" -> by = integer(arg, value);
                case "-pad" -> pad = integer(arg, value);
                case "-rd" -> renderDir = Path.of(value);
                case "-im" -> prefix = value;
                case "-of" -> format = value;
                case "-x" -> width = integer(arg, value);
                case "-y" -> height = integer(arg, value);
                case "-cam" -> camera = value;
                case "-rl" -> layer = value;
                case "-proj" -> project = Path.of(value);
                default -> {
                    if (!PREFIXED.matcher(arg).matches() && !RENDERER_SPECIFIC.contains(arg)) {
                        throw new IllegalArgumentException("Invalid flag: " + arg);
                    }
                    rendererFlags.put(arg, value);
                }
            }
        }
        if (scene == null) {
            throw new IllegalArgumentException("No scene file given");
        }
        int first = start == null ? 1 : start;
        int last = end == null ? first : end;
        if (by < 1 || last < first) {
            throw new IllegalArgumentException("Invalid frame range " + first + " to " + last + " by " + by);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("Invalid resolution " + width + "x" + height);
        }
        // Without -im Maya names images after the scene.
        String imagePrefix = prefix != null && !prefix.isEmpty() ? prefix : "<Scene>";
        // Without -proj Maya resolves relative file paths against its current project; the scene's folder here.
        Path projectDir = project != null ? project : scene.toAbsolutePath().getParent();
        return new RenderFlags(renderer, first, last, by, pad, renderDir, imagePrefix, format, width, height, camera,
                layer, projectDir, scene, java.util.Collections.unmodifiableMap(rendererFlags));
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Flag " + flag + " expects an integer, got " + value);
        }
    }
}
