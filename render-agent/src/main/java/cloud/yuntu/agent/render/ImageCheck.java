package cloud.yuntu.agent.render;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Whether a rendered output is an image worth counting, checked before it is uploaded. Pure: it
 * reads the file and answers a reason, nothing else.
 *
 * <ul>
 *   <li>An empty (0-byte) file fails, whatever its format: {@code empty file}.</li>
 *   <li>PNG, JPEG, BMP, GIF (the JDK's readers) and TIFF (TwelveMonkeys {@code imageio-tiff}) are
 *       decoded in full, every pixel read, so a file cut short fails too: {@code cannot be decoded as
 *       <FORMAT>: <why>}. A reader's warning (the JPEG reader's {@code Premature end of JPEG file},
 *       where it fills the rest in grey) counts as a failure.</li>
 *   <li>A decoded image fails when every colour sample is zero and its alpha, if it has one, is the
 *       same everywhere: {@code every pixel is black}. An image with black colour but a varying alpha
 *       (a matte, a shadow pass) holds something and passes.</li>
 * </ul>
 *
 * <p>OpenEXR ({@code .exr}) is decoded by {@link ExrCheck} (tinyexr through LWJGL), every channel: a
 * NaN or infinite sample fails it too ({@code 3 NaN pixels in channel R}). Files of other formats,
 * which the check cannot decode ({@code .deepexr}, {@code .iff}, {@code .hdr}, ...), pass unchecked
 * beyond the empty-file rule. The format is taken from the file's extension, as Maya names its images.
 *
 * <p>Decoding is one pass over the file and the black test one pass over the raster that stops at
 * the first sample that is not black, so a rendered 4K frame is checked in a fraction of a second.
 */
public final class ImageCheck {

    /** Extension to the format name the reasons use; the readers are found by extension. */
    private static final Map<String, String> FORMATS = Map.of(
            "png", "PNG", "jpg", "JPEG", "jpeg", "JPEG", "bmp", "BMP", "gif", "GIF", "tif", "TIFF", "tiff", "TIFF");

    private static final String EXR = "exr";

    static {
        // TwelveMonkeys registers its TIFF reader through ServiceLoader; ImageIO scans the class path
        // of the thread that touched it first, which in Quarkus need not see the agent's jars.
        ImageIO.scanForPlugins();
    }

    private ImageCheck() {
    }

    /**
     * Loads the OpenEXR decoder's native library now rather than at the first EXR output.
     *
     * @return the decoder loaded, for the log
     * @throws LinkageError when it cannot be loaded on this node
     */
    public static String loadExrDecoder() {
        return ExrCheck.load();
    }

    /** Whether the check decodes files with this name; others pass unchecked beyond the empty-file rule. */
    public static boolean decodes(String fileName) {
        String extension = extension(fileName);
        return FORMATS.containsKey(extension) || EXR.equals(extension);
    }

    /**
     * Why {@code file} does not count as a rendered image; empty when it does (or when its format is
     * one the check cannot decode).
     *
     * @throws IOException when the file cannot be read at all (missing, no permission)
     */
    public static Optional<String> problem(Path file) throws IOException {
        if (Files.size(file) == 0) {
            return Optional.of("empty file");
        }
        String extension = extension(file.getFileName().toString());
        if (EXR.equals(extension)) {
            try {
                return ExrCheck.problem(file);
            } catch (RuntimeException | LinkageError e) {
                // tinyexr's native library missing or unloadable: this node cannot check, so the frame
                // fails here (retryable) and renders on a node that can.
                return Optional.of("cannot be decoded as " + ExrCheck.FORMAT + ": " + describe(e));
            }
        }
        String format = FORMATS.get(extension);
        if (format == null) {
            return Optional.empty();
        }
        BufferedImage image;
        try {
            image = decode(file, extension);
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot be decoded as " + format + ": " + describe(e));
        }
        if (image == null) {
            return Optional.of("cannot be decoded as " + format + ": no image in the file");
        }
        return isBlack(image) ? Optional.of("every pixel is black") : Optional.empty();
    }

    private static BufferedImage decode(Path file, String extension) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersBySuffix(extension);
        if (!readers.hasNext()) {
            throw new IOException("no reader for ." + extension + " installed");
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new IOException(warnings.getFirst());
            }
            return image;
        } finally {
            reader.dispose();
        }
    }

    /** Every colour sample zero and alpha, if any, uniform. */
    static boolean isBlack(BufferedImage image) {
        ColorModel model = image.getColorModel();
        int spaceType = model.getColorSpace().getType();
        boolean bands = (model instanceof ComponentColorModel || model instanceof DirectColorModel)
                && (spaceType == ColorSpace.TYPE_RGB || spaceType == ColorSpace.TYPE_GRAY);
        return bands ? bandsBlack(image.getRaster(), model) : argbBlack(image);
    }

    /** Colour bands first, then alpha last, as RGB and grey colour models order them. */
    private static boolean bandsBlack(Raster raster, ColorModel model) {
        int width = raster.getWidth();
        int height = raster.getHeight();
        int colourBands = model.getNumColorComponents();
        boolean floating = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_FLOAT
                || raster.getDataBuffer().getDataType() == DataBuffer.TYPE_DOUBLE;
        int minX = raster.getMinX();
        int minY = raster.getMinY();
        if (floating) {
            double[] row = new double[width];
            for (int band = 0; band < colourBands; band++) {
                for (int y = 0; y < height; y++) {
                    raster.getSamples(minX, minY + y, width, 1, band, row);
                    for (double sample : row) {
                        if (sample != 0) {
                            return false;
                        }
                    }
                }
            }
        } else {
            int[] row = new int[width];
            for (int band = 0; band < colourBands; band++) {
                for (int y = 0; y < height; y++) {
                    raster.getSamples(minX, minY + y, width, 1, band, row);
                    for (int sample : row) {
                        if (sample != 0) {
                            return false;
                        }
                    }
                }
            }
        }
        if (!model.hasAlpha()) {
            return true;
        }
        double[] row = new double[width];
        double first = raster.getSampleDouble(minX, minY, colourBands);
        for (int y = 0; y < height; y++) {
            raster.getSamples(minX, minY + y, width, 1, colourBands, row);
            for (double sample : row) {
                if (sample != first) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Palette, CMYK and other colour models: through sRGB, row by row. */
    private static boolean argbBlack(BufferedImage image) {
        int width = image.getWidth();
        int[] row = new int[width];
        int firstAlpha = image.getRGB(0, 0) >>> 24;
        for (int y = 0; y < image.getHeight(); y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int argb : row) {
                if ((argb & 0xFFFFFF) != 0 || argb >>> 24 != firstAlpha) {
                    return false;
                }
            }
        }
        return true;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() != null ? t.getMessage()
                    : t instanceof EOFException ? "unexpected end of file" : t.getClass().getSimpleName();
            if (text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return LogText.escape(text.toString());
    }

    private static String extension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
