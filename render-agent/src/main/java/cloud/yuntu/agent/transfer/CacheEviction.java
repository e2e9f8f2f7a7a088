package cloud.yuntu.agent.transfer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which cached files go when the cache holds more than its limit: least recently used first,
 * never a file a job is using right now (it has a link in a job's project), until the rest fits.
 * A pure rule; a cache of files all in use may stay above its limit until their jobs end.
 */
public final class CacheEviction {

    /** @param inUse linked into a running job's project folder */
    public record CachedFile(String name, long size, Instant lastUsed, boolean inUse) {
    }

    private CacheEviction() {
    }

    /** The files to delete, oldest use first, so that what stays is at most {@code limitBytes}. */
    public static List<CachedFile> toEvict(List<CachedFile> files, long limitBytes) {
        long total = files.stream().mapToLong(CachedFile::size).sum();
        List<CachedFile> evicted = new ArrayList<>();
        List<CachedFile> oldestFirst = files.stream()
                .filter(f -> !f.inUse())
                .sorted(Comparator.comparing(CachedFile::lastUsed).thenComparing(CachedFile::name))
                .toList();
        for (CachedFile file : oldestFirst) {
            if (total <= limitBytes) {
                break;
            }
            evicted.add(file);
            total -= file.size();
        }
        return evicted;
    }
}
