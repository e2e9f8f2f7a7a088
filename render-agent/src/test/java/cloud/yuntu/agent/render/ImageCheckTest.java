package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import cloud.yuntu.agent.simulate.ExrWriter;
import cloud.yuntu.agent.simulate.ExrWriter.Precision;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.tinyexr.EXRChannelInfo;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRImage;
import org.lwjgl.util.tinyexr.TinyEXR;

class ImageCheckTest {

    @TempDir
    Path dir;

    private static BufferedImage gradient(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.ORANGE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private Path write(BufferedImage image, String name) throws Exception {
        Path file = dir.resolve(name);
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String format = switch (extension) {
            case "jpg", "jpeg" -> "jpg";
            case "tif", "tiff" -> "tiff";
            default -> extension;
        };
        assertThat(ImageIO.write(image, format, file.toFile())).as("writer for " + format).isTrue();
        return file;
    }

    private static Path cutInHalf(Path file) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() / 2);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff"})
    void aRenderedImagePasses(String extension) throws Exception {
        assertThat(ImageCheck.problem(write(gradient(64, 36), "shot.0001." + extension))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "tif", "exr", "iff"})
    void anEmptyFileFailsWhateverItsFormat(String extension) throws Exception {
        Path file = Files.write(dir.resolve("shot.0001." + extension), new byte[0]);

        assertThat(ImageCheck.problem(file)).contains("empty file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "tif"})
    void anImageCutInHalfCannotBeDecoded(String extension) throws Exception {
        Path file = cutInHalf(write(gradient(200, 120), "shot.0001." + extension));
        String format = switch (extension) {
            case "jpg" -> "JPEG";
            case "tif" -> "TIFF";
            default -> extension.toUpperCase();
        };

        Optional<String> problem = ImageCheck.problem(file);

        assertThat(problem).isPresent();
        assertThat(problem.get()).startsWith("cannot be decoded as " + format + ": ").hasSizeGreaterThan(26 + 4);
    }

    @Test
    void bytesThatAreNoImageCannotBeDecoded() throws Exception {
        Path file = Files.writeString(dir.resolve("shot.0001.png"), "// Error: not an image\n");

        assertThat(ImageCheck.problem(file)).hasValueSatisfying(p -> assertThat(p).startsWith("cannot be decoded as PNG: "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"png", "jpg", "bmp", "gif", "tif"})
    void anAllBlackImageFails(String extension) throws Exception {
        Path file = write(new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB), "shot.0001." + extension);

        assertThat(ImageCheck.problem(file)).contains("every pixel is black");
    }

    @Test
    void oneLitPixelIsEnough() throws Exception {
        BufferedImage image = new BufferedImage(64, 36, BufferedImage.TYPE_INT_RGB);
        image.setRGB(63, 35, 0x000100);

        assertThat(ImageCheck.problem(write(image, "shot.0001.png"))).isEmpty();
    }

    @Test
    void blackGreyAndSixteenBitImagesAreFoundBlackToo() throws Exception {
        assertThat(ImageCheck.problem(write(new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY), "g.0001.png")))
                .contains("every pixel is black");
        assertThat(ImageCheck.problem(write(new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY), "g.0002.tif")))
                .contains("every pixel is black");
        BufferedImage lit = new BufferedImage(16, 16, BufferedImage.TYPE_USHORT_GRAY);
        lit.getRaster().setSample(8, 8, 0, 1);
        assertThat(ImageCheck.problem(write(lit, "g.0003.png"))).isEmpty();
    }

    @Test
    void alphaCountsOnlyWhereItVaries() throws Exception {
        BufferedImage transparent = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        assertThat(ImageCheck.problem(write(transparent, "a.0001.png"))).contains("every pixel is black");

        BufferedImage opaque = new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                opaque.setRGB(x, y, 0xFF000000);
            }
        }
        assertThat(ImageCheck.problem(write(opaque, "a.0002.png"))).contains("every pixel is black");

        // A shadow pass: black colour, the shadow in alpha.
        opaque.setRGB(3, 3, 0x80000000);
        assertThat(ImageCheck.problem(write(opaque, "a.0003.png"))).isEmpty();
    }

    @Test
    void aPaletteImageIsJudgedByItsColoursNotItsIndices() throws Exception {
        // Index 0 is white: all zero indices are not black.
        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {(byte) 255, 0}, new byte[] {(byte) 255, 0},
                new byte[] {(byte) 255, 0});
        BufferedImage white = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED, palette);
        assertThat(ImageCheck.problem(write(white, "p.0001.png"))).isEmpty();

        BufferedImage black = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_INDEXED, palette);
        black.getRaster().setSamples(0, 0, 16, 16, 0, IntStream.generate(() -> 1).limit(256).toArray());
        assertThat(ImageCheck.problem(write(black, "p.0002.png"))).contains("every pixel is black");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepexr", "iff", "hdr"})
    void formatsTheCheckCannotDecodePassUnchecked(String extension) throws Exception {
        Path file = Files.writeString(dir.resolve("shot.0001." + extension), "not checked yet");

        assertThat(ImageCheck.decodes(file.getFileName().toString())).isFalse();
        assertThat(ImageCheck.problem(file)).isEmpty();
    }

    @Test
    void tiffIsReadByTwelveMonkeys() throws Exception {
        ImageCheck.problem(write(gradient(4, 4), "t.0001.tif"));

        assertThat(ImageIO.getImageReadersBySuffix("tif").next().getClass().getName()).startsWith("com.twelvemonkeys.");
    }

    @Test
    void aUhdFrameIsCheckedToItsLastPixel() throws Exception {
        assertThat(ImageCheck.problem(write(gradient(3840, 2160), "uhd.0001.png"))).isEmpty();
        assertThat(ImageCheck.problem(write(new BufferedImage(3840, 2160, BufferedImage.TYPE_INT_RGB), "uhd.0002.png")))
                .contains("every pixel is black");
    }

    /** Linear RGBA: a ramp in R and G, constant B, opaque alpha. */
    private static Map<String, float[]> rgba(int width, int height) {
        Map<String, float[]> channels = new HashMap<>();
        float[] r = new float[width * height];
        float[] g = new float[width * height];
        for (int i = 0; i < r.length; i++) {
            r[i] = (i % width) / (float) width;
            g[i] = (i / width) / (float) height;
        }
        channels.put("R", r);
        channels.put("G", g);
        channels.put("B", filled(width * height, 0.25f));
        channels.put("A", filled(width * height, 1f));
        return channels;
    }

    private static Map<String, float[]> blackRgba(int width, int height) {
        Map<String, float[]> channels = new HashMap<>();
        for (String name : new String[] {"R", "G", "B"}) {
            channels.put(name, new float[width * height]);
        }
        channels.put("A", filled(width * height, 1f));
        return channels;
    }

    private static float[] filled(int length, float value) {
        float[] samples = new float[length];
        Arrays.fill(samples, value);
        return samples;
    }

    private Path exr(String name, int width, int height, Map<String, float[]> channels, Precision precision,
                     int tileSize) throws Exception {
        Path file = dir.resolve(name);
        ExrWriter.write(file, width, height, channels, precision, tileSize);
        return file;
    }

    @ParameterizedTest
    @CsvSource({"HALF, 0", "FLOAT, 0", "HALF, 16", "FLOAT, 32"})
    void aRenderedExrPassesInHalfOrFloatScanlinesOrTiles(Precision precision, int tileSize) throws Exception {
        Path file = exr("shot.0001.exr", 100, 60, rgba(100, 60), precision, tileSize);

        assertThat(ImageCheck.decodes("shot.0001.exr")).isTrue();
        assertThat(ImageCheck.problem(file)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"HALF, 0", "FLOAT, 16"})
    void anAllBlackExrFails(Precision precision, int tileSize) throws Exception {
        Path file = exr("shot.0001.exr", 64, 36, blackRgba(64, 36), precision, tileSize);

        assertThat(ImageCheck.problem(file)).contains("every pixel is black");
    }

    @Test
    void anExrWithBlackColourButAVaryingAlphaPasses() throws Exception {
        Map<String, float[]> shadow = blackRgba(16, 16);
        shadow.get("A")[37] = 0.5f;

        assertThat(ImageCheck.problem(exr("shadow.0001.exr", 16, 16, shadow, Precision.HALF, 0))).isEmpty();
    }

    @Test
    void nanPixelsAreCountedPerChannel() throws Exception {
        Map<String, float[]> channels = rgba(64, 36);
        float[] r = channels.get("R");
        r[0] = Float.NaN;
        r[500] = Float.NaN;
        r[r.length - 1] = Float.NaN;

        assertThat(ImageCheck.problem(exr("n.0001.exr", 64, 36, channels, Precision.FLOAT, 0)))
                .contains("3 NaN pixels in channel R");
    }

    @ParameterizedTest
    @CsvSource({"HALF, 0", "HALF, 16", "FLOAT, 16"})
    void nanSurvivesHalfStorageAndIsFoundInTheLastPartialTile(Precision precision, int tileSize) throws Exception {
        // 100 x 60 in 16-pixel tiles: the last tile is 4 x 12, its buffer 16 x 16.
        Map<String, float[]> channels = rgba(100, 60);
        int last = 100 * 60 - 1;
        for (String name : new String[] {"R", "G", "B"}) {
            channels.get(name)[last] = Float.NaN;
            channels.get(name)[last - 1] = Float.NaN;
        }

        assertThat(ImageCheck.problem(exr("n.0001.exr", 100, 60, channels, precision, tileSize)))
                .contains("2 NaN pixels in channels R, G, B");
    }

    @Test
    void aNanInABlackImageIsReportedRatherThanTheBlack() throws Exception {
        Map<String, float[]> channels = blackRgba(8, 8);
        channels.get("G")[9] = Float.NaN;

        assertThat(ImageCheck.problem(exr("n.0001.exr", 8, 8, channels, Precision.HALF, 0)))
                .contains("1 NaN pixel in channel G");
    }

    @Test
    void infiniteSamplesFailExceptInDepth() throws Exception {
        Map<String, float[]> channels = rgba(8, 8);
        channels.put("Z", filled(64, Float.POSITIVE_INFINITY));
        assertThat(ImageCheck.problem(exr("z.0001.exr", 8, 8, channels, Precision.FLOAT, 0))).isEmpty();

        channels.get("B")[3] = Float.NEGATIVE_INFINITY;
        channels.get("A")[4] = Float.NaN;
        assertThat(ImageCheck.problem(exr("z.0002.exr", 8, 8, channels, Precision.FLOAT, 0)))
                .contains("1 NaN pixel in channel A; 1 infinite pixel in channel B");
    }

    @Test
    void everyChannelIsDecodedLayersIncluded() throws Exception {
        Map<String, float[]> channels = rgba(8, 8);
        channels.put("diffuse.R", filled(64, 0.5f));
        channels.put("diffuse.G", filled(64, 0.5f));
        channels.put("diffuse.B", filled(64, 0.5f));
        channels.get("diffuse.G")[63] = Float.NaN;

        assertThat(ImageCheck.problem(exr("l.0001.exr", 8, 8, channels, Precision.HALF, 0)))
                .contains("1 NaN pixel in channel diffuse.G");
    }

    @Test
    void aDataPassWithoutColourIsNotJudgedBlack() throws Exception {
        Map<String, float[]> depth = Map.of("Z", new float[64]);

        assertThat(ImageCheck.problem(exr("z.0001.exr", 8, 8, depth, Precision.FLOAT, 0))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0", "32"})
    void anExrCutInHalfCannotBeDecoded(int tileSize) throws Exception {
        Path file = cutInHalf(exr("shot.0001.exr", 200, 120, rgba(200, 120), Precision.HALF, tileSize));

        Optional<String> problem = ImageCheck.problem(file);

        assertThat(problem).isPresent();
        assertThat(problem.get()).startsWith("cannot be decoded as OpenEXR: ").hasSizeGreaterThan(30 + 4);
    }

    @Test
    void bytesThatAreNoExrCannotBeDecoded() throws Exception {
        Path file = Files.writeString(dir.resolve("shot.0001.exr"), "// Error: not an image\n");

        assertThat(ImageCheck.problem(file)).contains("cannot be decoded as OpenEXR: not an OpenEXR file (no magic number)");
    }

    @Test
    void anExrInACompressionTinyexrLacksPassesUnchecked() throws Exception {
        Path file = exr("dwaa.0001.exr", 8, 8, blackRgba(8, 8), Precision.HALF, 0);
        byte[] bytes = Files.readAllBytes(file);
        // The header's attribute: name, type, 4-byte size (1), then the value; 8 is DWAA.
        byte[] attribute = "compression\0compression\0".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, attribute);
        assertThat(at).isPositive();
        bytes[at + attribute.length + 4] = 8;
        Files.write(file, bytes);

        assertThat(ImageCheck.problem(file)).isEmpty();
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A two-part file as a renderer writes AOVs into parts: "beauty" (R, G, B alike) and "depth" (Z), float. */
    private Path multipart(String name, float[] beauty, float[] depthZ, int width, int height) throws Exception {
        Path file = dir.resolve(name);
        List<Map<String, float[]>> parts = List.of(
                new TreeMap<>(Map.of("B", beauty, "G", beauty, "R", beauty)),
                Map.of("Z", depthZ));
        String[] names = {"beauty", "depth"};
        List<Long> allocated = new ArrayList<>();
        try (MemoryStack stack = MemoryStack.stackPush()) {
            EXRImage.Buffer images = EXRImage.calloc(2, stack);
            PointerBuffer headers = stack.mallocPointer(2);
            for (int p = 0; p < 2; p++) {
                Map<String, float[]> channels = parts.get(p);
                int count = channels.size();
                EXRHeader header = EXRHeader.calloc(stack);
                TinyEXR.InitEXRHeader(header);
                TinyEXR.EXRSetNameAttr(header, names[p]);
                EXRChannelInfo.Buffer infos = EXRChannelInfo.calloc(count, stack);
                IntBuffer types = stack.mallocInt(count);
                PointerBuffer planes = stack.mallocPointer(count);
                int c = 0;
                for (Map.Entry<String, float[]> channel : channels.entrySet()) {
                    infos.get(c).name().put(channel.getKey().getBytes(StandardCharsets.US_ASCII)).put((byte) 0);
                    types.put(c, TinyEXR.TINYEXR_PIXELTYPE_FLOAT);
                    FloatBuffer plane = MemoryUtil.memAllocFloat(width * height);
                    plane.put(0, channel.getValue());
                    allocated.add(MemoryUtil.memAddress(plane));
                    planes.put(c++, plane);
                }
                header.channels(infos).pixel_types(types).requested_pixel_types(types).num_channels(count)
                        .data_window(box -> box.max_x(width - 1).max_y(height - 1))
                        .display_window(box -> box.max_x(width - 1).max_y(height - 1));
                EXRImage image = images.get(p);
                TinyEXR.InitEXRImage(image);
                image.images(planes).width(width).height(height).num_channels(count);
                headers.put(p, header);
            }
            PointerBuffer error = stack.callocPointer(1);
            assertThat(TinyEXR.SaveEXRMultipartImageToFile(images, headers, file.toString(), error))
                    .as("multipart written").isZero();
        } finally {
            allocated.forEach(MemoryUtil::nmemFree);
        }
        return file;
    }

    @Test
    void everyPartOfAMultipartExrIsDecoded() throws Exception {
        float[] depth = filled(64, 3f);
        assertThat(ImageCheck.problem(multipart("m.0001.exr", filled(64, 0.5f), depth, 8, 8))).isEmpty();

        depth[10] = Float.NaN;
        assertThat(ImageCheck.problem(multipart("m.0002.exr", filled(64, 0.5f), depth, 8, 8)))
                .contains("1 NaN pixel in channel depth.Z");
        assertThat(ImageCheck.problem(multipart("m.0003.exr", new float[64], filled(64, 3f), 8, 8)))
                .as("a black beauty part; depth is no colour").contains("every pixel is black");
    }
}
