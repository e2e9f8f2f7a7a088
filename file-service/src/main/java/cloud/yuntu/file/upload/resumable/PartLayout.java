package cloud.yuntu.file.upload.resumable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How an upload of {@code size} bytes is cut: parts of {@code partSize} bytes, the last one the rest.
 * Every part but the last is at least {@link #MIN_PART_SIZE} (OSS' rule for multipart uploads, kept on
 * every backend) and there are at most {@link #MAX_PARTS}.
 */
public record PartLayout(long size, long partSize, int partCount) {

    public static final long MIN_PART_SIZE = 1024 * 1024;
    public static final int MAX_PARTS = 10_000;

    public static PartLayout of(long size, long partSize) {
        if (size < 1 || partSize < 1) {
            throw new IllegalArgumentException("size and part size must be positive");
        }
        long count = (size + partSize - 1) / partSize;
        if (count > MAX_PARTS) {
            throw new IllegalArgumentException(count + " parts, more than " + MAX_PARTS);
        }
        return new PartLayout(size, partSize, (int) count);
    }

    /** The smallest part size that cuts {@code size} bytes into at most {@link #MAX_PARTS} parts, in whole MiB. */
    public static long smallestPartSizeFor(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        return Math.max(MIN_PART_SIZE, (needed + MIN_PART_SIZE - 1) / MIN_PART_SIZE * MIN_PART_SIZE);
    }

    public boolean contains(int partNumber) {
        return partNumber >= 1 && partNumber <= partCount;
    }

    /** The exact length of part {@code partNumber} (one of {@link #contains}). */
    public long sizeOf(int partNumber) {
        if (!contains(partNumber)) {
            throw new IllegalArgumentException("no part " + partNumber + " of " + partCount);
        }
        return partNumber < partCount ? partSize : size - partSize * (partCount - 1);
    }

    /** The part numbers not among {@code held}, ascending. */
    public List<Integer> missing(Collection<Integer> held) {
        Set<Integer> present = new HashSet<>(held);
        List<Integer> missing = new ArrayList<>();
        for (int n = 1; n <= partCount; n++) {
            if (!present.contains(n)) {
                missing.add(n);
            }
        }
        return missing;
    }
}
