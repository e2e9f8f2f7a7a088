package cloud.yuntu.agent.simulate;

import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRHeader;
import static org.lwjgl.util.tinyexr.TinyEXR.InitEXRImage;
import static org.lwjgl.util.tinyexr.TinyEXR.SaveEXRImageToFile;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_COMPRESSIONTYPE_ZIP;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_PIXELTYPE_FLOAT;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_PIXELTYPE_HALF;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_SUCCESS;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_TILE_ONE_LEVEL;
import static org.lwjgl.util.tinyexr.TinyEXR.TINYEXR_TILE_ROUND_DOWN;
import static org.lwjgl.util.tinyexr.TinyEXR.nFreeEXRErrorMessage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.tinyexr.EXRChannelInfo;
import org.lwjgl.util.tinyexr.EXRHeader;
import org.lwjgl.util.tinyexr.EXRImage;
import org.lwjgl.util.tinyexr.EXRTile;

/**
 * Writes OpenEXR files through tinyexr (LWJGL), as Maya's renderers write them: named channels of
 * linear float samples, stored as half or float, ZIP-compressed, in scanlines or in tiles (Arnold's
 * default). The simulator's frames are written with it, and tests use it for files with NaN,
 * infinite or black samples.
 */
public final class ExrWriter {

    /** How samples are stored in the file; they are handed over as float either way. */
    public enum Precision { HALF, FLOAT }

    /** OpenEXR caps channel names at 255 bytes (tinyexr's field is 256 with the terminator). */
    private static final int MAX_NAME = 255;

    private ExrWriter() {
    }

    /**
     * @param channels channel name to {@code width * height} samples, row by row from the top; written
     *        in name order, as OpenEXR lists channels
     * @param tileSize 0 for scanlines, else the edge of square tiles (at most the image's smaller side,
     *        which tinyexr requires)
     */
    public static void write(Path file, int width, int height, Map<String, float[]> channels, Precision precision,
                             int tileSize) throws IOException {
        if (width <= 0 || height <= 0 || channels.isEmpty()) {
            throw new IllegalArgumentException("an image needs a size and a channel");
        }
        Map<String, float[]> sorted = new TreeMap<>(channels);
        List<float[]> planes = new ArrayList<>(sorted.values());
        for (Map.Entry<String, float[]> channel : sorted.entrySet()) {
            byte[] name = channel.getKey().getBytes(StandardCharsets.UTF_8);
            if (name.length == 0 || name.length > MAX_NAME) {
                throw new IllegalArgumentException("channel name of 1 to 255 bytes: " + channel.getKey());
            }
            if (channel.getValue().length != width * height) {
                throw new IllegalArgumentException("channel " + channel.getKey() + " holds " + channel.getValue().length
                        + " samples, not " + width * height);
            }
        }
        int count = planes.size();
        // Native memory of the samples and tiles, freed once the file is written.
        List<Long> allocated = new ArrayList<>();
        EXRTile.Buffer tileList = null;
        try (MemoryStack stack = MemoryStack.stackPush()) {
            EXRHeader header = EXRHeader.calloc(stack);
            InitEXRHeader(header);
            EXRChannelInfo.Buffer infos = EXRChannelInfo.calloc(count, stack);
            int index = 0;
            for (String name : sorted.keySet()) {
                ByteBuffer field = infos.get(index++).name();
                field.put(name.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
            }
            IntBuffer given = stack.mallocInt(count);
            IntBuffer stored = stack.mallocInt(count);
            for (int c = 0; c < count; c++) {
                given.put(c, TINYEXR_PIXELTYPE_FLOAT);
                stored.put(c, precision == Precision.HALF ? TINYEXR_PIXELTYPE_HALF : TINYEXR_PIXELTYPE_FLOAT);
            }
            header.channels(infos).pixel_types(given).requested_pixel_types(stored).num_channels(count)
                    .compression_type(TINYEXR_COMPRESSIONTYPE_ZIP);
            // tinyexr sizes tiles by the header's data window (scanlines by the image's size).
            header.data_window(box -> box.min_x(0).min_y(0).max_x(width - 1).max_y(height - 1))
                    .display_window(box -> box.min_x(0).min_y(0).max_x(width - 1).max_y(height - 1));

            EXRImage image = EXRImage.calloc(stack);
            InitEXRImage(image);
            image.width(width).height(height).num_channels(count);
            if (tileSize > 0) {
                if (tileSize > Math.min(width, height)) {
                    throw new IllegalArgumentException("tile size " + tileSize + " larger than the image");
                }
                header.tiled(true).tile_size_x(tileSize).tile_size_y(tileSize).tile_level_mode(TINYEXR_TILE_ONE_LEVEL)
                        .tile_rounding_mode(TINYEXR_TILE_ROUND_DOWN);
                tileList = tiles(planes, width, height, tileSize, allocated);
                image.tiles(tileList);
            } else {
                PointerBuffer pointers = stack.mallocPointer(count);
                for (int c = 0; c < count; c++) {
                    pointers.put(c, copy(planes.get(c), allocated));
                }
                image.images(pointers);
            }
            image.num_channels(count);

            PointerBuffer error = stack.callocPointer(1);
            int code = SaveEXRImageToFile(image, header, file.toAbsolutePath().toString(), error);
            if (code != TINYEXR_SUCCESS) {
                String message = error.get(0) == MemoryUtil.NULL ? "tinyexr error " + code
                        : MemoryUtil.memUTF8(error.get(0)).strip();
                if (error.get(0) != MemoryUtil.NULL) {
                    nFreeEXRErrorMessage(error.get(0));
                }
                throw new IOException("cannot write OpenEXR " + file + ": " + message);
            }
        } finally {
            allocated.forEach(MemoryUtil::nmemFree);
            if (tileList != null) {
                tileList.free();
            }
        }
    }

    /** On the heap, not the stack: a 4K frame has thousands of tiles. */
    private static EXRTile.Buffer tiles(List<float[]> planes, int width, int height, int size,
                                        List<Long> allocated) {
        int across = (width + size - 1) / size;
        int down = (height + size - 1) / size;
        EXRTile.Buffer tiles = EXRTile.calloc(across * down);
        for (int ty = 0; ty < down; ty++) {
            for (int tx = 0; tx < across; tx++) {
                int tileWidth = Math.min(size, width - tx * size);
                int tileHeight = Math.min(size, height - ty * size);
                PointerBuffer pointers = MemoryUtil.memAllocPointer(planes.size());
                allocated.add(pointers.address());
                for (int c = 0; c < planes.size(); c++) {
                    // A tile's buffer is always size x size samples; only its width x height corner is image.
                    FloatBuffer block = MemoryUtil.memCallocFloat(size * size);
                    allocated.add(MemoryUtil.memAddress(block));
                    float[] plane = planes.get(c);
                    for (int y = 0; y < tileHeight; y++) {
                        block.put(y * size, plane, (ty * size + y) * width + tx * size, tileWidth);
                    }
                    pointers.put(c, MemoryUtil.memAddress(block));
                }
                tiles.get(ty * across + tx).offset_x(tx).offset_y(ty).level_x(0).level_y(0)
                        .width(tileWidth).height(tileHeight).images(pointers);
            }
        }
        return tiles;
    }

    private static long copy(float[] plane, List<Long> allocated) {
        FloatBuffer buffer = MemoryUtil.memAllocFloat(plane.length);
        allocated.add(MemoryUtil.memAddress(buffer));
        buffer.put(0, plane);
        return MemoryUtil.memAddress(buffer);
    }
}
