package cloud.yuntu.agent.simulate;

import java.nio.file.Path;

/**
 * The subset of Maya's {@code Render} flags the farm passes. Anything else is rejected the way
 * Maya rejects a flag it does not know, so a wrong command line fails in the simulator too.
 */
record RenderFlags(String renderer, int start, int end, int by, int pad, Path renderDir, String imagePrefix,
                   String format, int width, int height, String camera, String layer, Path project, Path scene) {

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
                default -> throw new IllegalArgumentException("Invalid flag: " + arg);
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
                layer, projectDir, scene);
    }

    private static int integer(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Flag " + flag + " expects an integer, got " + value);
        }
    }
}
