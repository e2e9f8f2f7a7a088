package cloud.yuntu.agent.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    @ValueSource(strings = {"exr", "deepexr", "iff", "hdr"})
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
}
