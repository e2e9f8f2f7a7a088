package cloud.yuntu.agent.render;

import static org.lwjgl.util.tinyexr.TinyEXR.FreeEXRHeader;
import static org.lwjgl.util.tinyexr.TinyEXR.FreeEXRImage;
import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRHeader;
import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRImage;
import static org.lwjgl.util.tinyexr.TinyEXR.LoadEXRImageFromFile;
import static org.lwjgl.util.tinyexr.TinyEXR.LoadEXRMultipartImageFromFile;
import static org.lwjgl.util.tinyexr.TinyEXR.ParseEXRHeaderFromFile;
import static org.lwjgl.util.tinyexr.TinyEXR.ParseEXRMultipartHeaderFromFile;
import static org.lwjgl.util.tinyexr.TinyEXR.ParseEXRVersionFromFile;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_ERROR_UNSUPPORTED_FEATURE;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_ERROR_UNSUPPORTED_FORMAT;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_PIXELTYPE_FLOAT;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_PIXELTYPE_HALF;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_PIXELTYPE_UINT;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_SUCCESS;
import static org.lwjgl.util.tinyexr.TinyEXR.nFreeEXRErrorMessage;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.lwjgl.PointerBuffer;
import org.lwjgl.Version;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.system.libc.LibCStdlib;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRImage;
import org.lwjgl.util.tinyexr.EXRTile;
import org.lwjgl.util.tinyexr.EXRVersion;
import org.lwjgl.util.tinyexr.TinyEXR;

/**
 * The output check of an OpenEXR file, decoded in full by tinyexr (through LWJGL): every channel of
 * every part, half channels read as float.
 *
 * <ul>
 *   <li>A file tinyexr refuses (not OpenEXR, cut short, corrupt): {@code cannot be decoded as OpenEXR:
 *       <tinyexr's error>}.</li>
 *   <li>A NaN sample in any channel, or an infinite one in any channel but depth ({@code Z},
 *       {@code ZBack}, where a background infinitely far away is a legitimate value): {@code <n> NaN
 *       pixels in channel R}, channels with the same count named together ({@code in channels R, G,
 *       B}), infinite ones after. A compositor turns one NaN into a black or white hole spreading
 *       through every blur, so such a frame is not worth keeping.</li>
 *   <li>Every colour sample ({@code R}, {@code G}, {@code B}, {@code Y}, of any layer) zero and every
 *       alpha ({@code A}) the same everywhere: {@code every pixel is black}, as for the other formats.
 *       A file with no colour channel at all (a depth or data pass) is not judged black.</li>
 * </ul>
 *
 * <p>What tinyexr cannot read although it is valid OpenEXR passes unchecked, as other undecodable
 * formats do: deep data and the compressions tinyexr lacks (B44, B44A, PXR24, DWAA, DWAB). Failing
 * those would fail a good frame on every attempt.
 */
final class ExrCheck {

    static final String FORMAT = "OpenEXR";

    private ExrCheck() {
    }

    /**
     * Loads tinyexr's native library (LWJGL extracts it, and its own, to a temporary directory).
     *
     * @return what was loaded, for the log
     * @throws LinkageError when the library cannot be loaded on this platform
     */
    static String load() {
        try {
            Class.forName(TinyEXR.class.getName(), true, ExrCheck.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new NoClassDefFoundError(e.getMessage());
        }
        return "tinyexr of LWJGL " + Version.getVersion();
    }

    /** Why {@code file} does not count as a rendered OpenEXR image; empty when it does or cannot be judged. */
    static Optional<String> problem(Path file) {
        String path = file.toAbsolutePath().toString();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            EXRVersion version = EXRVersion.calloc(stack);
            int code = ParseEXRVersionFromFile(version, path);
            if (code != TINYEXR_SUCCESS) {
                return undecodable(code, null);
            }
            if (version.non_image()) {
                return Optional.empty();
            }
            return version.multipart() ? multipart(stack, version, path) : singlePart(stack, version, path);
        }
    }

    private static Optional<String> singlePart(MemoryStack stack, EXRVersion version, String path) {
        PointerBuffer error = stack.callocPointer(1);
        EXRHeader header = EXRHeader.calloc(stack);
        InitEXRHeader(header);
        try {
            int code = ParseEXRHeaderFromFile(header, version, path, error);
            if (code != TINYEXR_SUCCESS) {
                return undecodable(code, error);
            }
            requestFloat(header);
            EXRImage image = EXRImage.calloc(stack);
            InitEXRImage(image);
            code = LoadEXRImageFromFile(image, header, path, error);
            if (code != TINYEXR_SUCCESS) {
                // tinyexr has freed what it allocated for a failed image.
                return undecodable(code, error);
            }
            try {
                Samples samples = new Samples();
                samples.add("", header, image);
                return samples.verdict();
            } finally {
                FreeEXRImage(image);
            }
        } finally {
            FreeEXRHeader(header);
        }
    }

    private static Optional<String> multipart(MemoryStack stack, EXRVersion version, String path) {
        PointerBuffer error = stack.callocPointer(1);
        PointerBuffer headers = stack.callocPointer(1);
        IntBuffer count = stack.callocInt(1);
        int code = ParseEXRMultipartHeaderFromFile(headers, count, version, path, error);
        if (code != TINYEXR_SUCCESS) {
            return undecodable(code, error);
        }
        int parts = count.get(0);
        PointerBuffer headerArray = MemoryUtil.memPointerBuffer(headers.get(0), parts);
        try {
            for (int i = 0; i < parts; i++) {
                requestFloat(EXRHeader.create(headerArray.get(i)));
            }
            EXRImage.Buffer images = EXRImage.calloc(parts, stack);
            for (EXRImage image : images) {
                InitEXRImage(image);
            }
            code = LoadEXRMultipartImageFromFile(images, headerArray, path, error);
            if (code != TINYEXR_SUCCESS) {
                return undecodable(code, error);
            }
            try {
                Samples samples = new Samples();
                for (int i = 0; i < parts; i++) {
                    EXRHeader header = EXRHeader.create(headerArray.get(i));
                    String name = header.nameString();
                    samples.add(name == null || name.isEmpty() ? "" : name + ".", header, images.get(i));
                }
                return samples.verdict();
            } finally {
                for (EXRImage image : images) {
                    FreeEXRImage(image);
                }
            }
        } finally {
            // tinyexr allocated each header and the array with malloc.
            for (int i = 0; i < parts; i++) {
                FreeEXRHeader(EXRHeader.create(headerArray.get(i)));
                LibCStdlib.nfree(headerArray.get(i));
            }
            LibCStdlib.nfree(headers.get(0));
        }
    }

    /** Half channels are converted to float while decoding: one code path for both, NaN and infinity kept. */
    private static void requestFloat(EXRHeader header) {
        IntBuffer types = header.pixel_types();
        IntBuffer requested = header.requested_pixel_types();
        for (int c = 0; c < header.num_channels(); c++) {
            if (types.get(c) == TINYEXR_PIXELTYPE_HALF) {
                requested.put(c, TINYEXR_PIXELTYPE_FLOAT);
            }
        }
    }

    private static Optional<String> undecodable(int code, PointerBuffer error) {
        String message = null;
        if (error != null && error.get(0) != MemoryUtil.NULL) {
            message = MemoryUtil.memUTF8(error.get(0)).strip();
            nFreeEXRErrorMessage(error.get(0));
        }
        if ((code == TINYEXR_ERROR_UNSUPPORTED_FORMAT || code == TINYEXR_ERROR_UNSUPPORTED_FEATURE)
                && message != null && message.toLowerCase(Locale.ROOT).contains("compression")) {
            // Valid OpenEXR in a compression tinyexr lacks: not the renderer's fault, nothing to judge.
            return Optional.empty();
        }
        if (message == null || message.isEmpty()) {
            message = switch (code) {
                case -1 -> "not an OpenEXR file (no magic number)";
                case -2 -> "unsupported OpenEXR version";
                case -7 -> "cannot open the file";
                default -> "tinyexr error " + code;
            };
        }
        return Optional.of("cannot be decoded as " + FORMAT + ": " + LogText.escape(message));
    }

    /** What one pass over every sample of every channel found. */
    private static final class Samples {

        private final Map<String, Channel> channels = new LinkedHashMap<>();

        void add(String prefix, EXRHeader header, EXRImage image) {
            int channelCount = header.num_channels();
            List<Channel> parts = new ArrayList<>(channelCount);
            for (int c = 0; c < channelCount; c++) {
                Channel channel = new Channel(prefix + header.channels().get(c).nameString(),
                        header.requested_pixel_types().get(c) == TINYEXR_PIXELTYPE_UINT);
                channels.put(channel.name, channel);
                parts.add(channel);
            }
            if (header.tiled()) {
                // Level 0 holds the full-resolution image; mip or rip levels below are derived from it.
                int stride = header.tile_size_x();
                for (EXRTile tile : image.tiles()) {
                    PointerBuffer data = tile.images(channelCount);
                    for (int c = 0; c < channelCount; c++) {
                        parts.get(c).scan(data.get(c), stride, tile.width(), tile.height());
                    }
                }
            } else {
                PointerBuffer data = image.images();
                for (int c = 0; c < channelCount; c++) {
                    parts.get(c).scan(data.get(c), image.width(), image.width(), image.height());
                }
            }
        }

        Optional<String> verdict() {
            List<Channel> ordered = channels.values().stream().sorted(Channel.DISPLAY_ORDER).toList();
            List<String> faults = new ArrayList<>();
            faults.addAll(counted(ordered, "NaN", ch -> ch.nan));
            faults.addAll(counted(ordered, "infinite", ch -> ch.infinite));
            if (!faults.isEmpty()) {
                return Optional.of(String.join("; ", faults));
            }
            boolean hasColour = ordered.stream().anyMatch(Channel::colour);
            boolean black = hasColour
                    && ordered.stream().filter(Channel::colour).allMatch(ch -> ch.allZero)
                    && ordered.stream().filter(Channel::alpha).allMatch(ch -> ch.uniform);
            return black ? Optional.of("every pixel is black") : Optional.empty();
        }

        /** {@code 3 NaN pixels in channels R, G, B}: channels with the same count named together. */
        private static List<String> counted(List<Channel> ordered, String what,
                                            ToLongFunction<Channel> count) {
            Map<Long, List<String>> byCount = new LinkedHashMap<>();
            for (Channel channel : ordered) {
                long n = count.applyAsLong(channel);
                if (n > 0) {
                    byCount.computeIfAbsent(n, k -> new ArrayList<>()).add(LogText.escape(channel.name));
                }
            }
            List<String> faults = new ArrayList<>();
            byCount.forEach((n, names) -> faults.add(n + " " + what + (n == 1 ? " pixel" : " pixels") + " in "
                    + (names.size() == 1 ? "channel " : "channels ") + String.join(", ", names)));
            return faults;
        }
    }

    /** One channel's findings, accumulated over its scanlines or tiles. */
    private static final class Channel {

        /** By layer, then R, G, B, A as a viewer lists them, then the other channels by name. */
        static final Comparator<Channel> DISPLAY_ORDER = Comparator.comparing((Channel ch) -> ch.layer)
                .thenComparingInt(ch -> switch (ch.role) {
                    case "R" -> 0;
                    case "G" -> 1;
                    case "B" -> 2;
                    case "A" -> 3;
                    default -> 4;
                })
                .thenComparing(ch -> ch.role);

        final String name;
        final String layer;
        final String role;
        final boolean unsigned;
        long nan;
        long infinite;
        boolean allZero = true;
        boolean uniform = true;
        private boolean seen;
        private float first;
        private int firstInt;

        Channel(String name, boolean unsigned) {
            this.name = name;
            int dot = name.lastIndexOf('.');
            this.layer = dot < 0 ? "" : name.substring(0, dot);
            this.role = dot < 0 ? name : name.substring(dot + 1);
            this.unsigned = unsigned;
        }

        boolean colour() {
            return switch (role.toUpperCase(Locale.ROOT)) {
                case "R", "G", "B", "Y" -> true;
                default -> false;
            };
        }

        boolean alpha() {
            return role.equalsIgnoreCase("A");
        }

        private boolean depth() {
            return role.equals("Z") || role.equals("ZBack");
        }

        /** Reads {@code width} x {@code height} samples of a block whose rows are {@code stride} samples apart. */
        void scan(long address, int stride, int width, int height) {
            if (address == MemoryUtil.NULL || width <= 0 || height <= 0) {
                return;
            }
            if (unsigned) {
                IntBuffer samples = MemoryUtil.memIntBuffer(address, stride * height);
                if (!seen) {
                    firstInt = samples.get(0);
                    seen = true;
                }
                for (int y = 0; y < height; y++) {
                    for (int x = 0, i = y * stride; x < width; x++, i++) {
                        int sample = samples.get(i);
                        allZero &= sample == 0;
                        uniform &= sample == firstInt;
                    }
                }
                return;
            }
            FloatBuffer samples = MemoryUtil.memFloatBuffer(address, stride * height);
            if (!seen) {
                first = samples.get(0);
                seen = true;
            }
            boolean infinityAllowed = depth();
            for (int y = 0; y < height; y++) {
                for (int x = 0, i = y * stride; x < width; x++, i++) {
                    float sample = samples.get(i);
                    if (sample != sample) {
                        nan++;
                        uniform = false;
                        continue;
                    }
                    if (Float.isInfinite(sample) && !infinityAllowed) {
                        infinite++;
                    }
                    // -0.0 == 0: a negative zero is black too.
                    allZero &= sample == 0;
                    uniform &= sample == first;
                }
            }
        }
    }
}
