package cloud.yuntu.task.tier;

import cloud.yuntu.contracts.frame.Resolution;

/**
 * A deliberately rough, documented estimate of the memory one frame of a resolution needs while it
 * renders, to refuse at submission a resolution no node of a tier could hold instead of failing
 * after every attempt.
 *
 * <p>A renderer keeps the image as a float RGBA frame buffer: 4 channels x 4 bytes = 16 bytes per
 * pixel. Production renders write AOVs (diffuse, specular, depth, normals, ...) and keep filter
 * and sample buffers of the same size, so the estimate allows 8 such buffers: 128 bytes per pixel
 * (1920x1080: 0.25 GiB; 8K 7680x4320: 4 GiB). The scene itself (geometry, textures) needs memory too,
 * so frame buffers may take at most half of the memory that holds them: a node's RAM for CPU
 * renderers, one GPU's memory for GPU renderers (each GPU holds the whole frame; memory of several
 * GPUs does not add up). basic (16 GiB) thus takes up to 67 million pixels (8192x8192).
 */
public final class FrameMemory {

    /** A float RGBA pixel. */
    public static final int BYTES_PER_PIXEL = 16;
    /** Frame buffers kept per image: the beauty plus AOVs, filter and sample buffers. */
    public static final int BUFFERS = 8;
    /** Frame buffers may use 1 / this of the memory; the rest is the scene's. */
    public static final int SHARE_DIVISOR = 2;
    public static final long GIB = 1L << 30;

    private FrameMemory() {
    }

    /** Bytes the frame buffers of one image of {@code resolution} take. */
    public static long bytes(Resolution resolution) {
        return (long) resolution.width() * resolution.height() * BYTES_PER_PIXEL * BUFFERS;
    }

    /** Whether a frame of {@code resolution} fits in {@code memoryGb} GiB. */
    public static boolean fits(Resolution resolution, int memoryGb) {
        return bytes(resolution) <= memoryGb * GIB / SHARE_DIVISOR;
    }

    /** The most pixels a frame may have in {@code memoryGb} GiB. */
    public static long maxPixels(int memoryGb) {
        return memoryGb * GIB / SHARE_DIVISOR / ((long) BYTES_PER_PIXEL * BUFFERS);
    }

    /** GiB with one decimal, for messages. */
    static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) GIB);
    }
}
