package cloud.yuntu.gateway.limit;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One {@link TokenBucket} per key (a caller id, a client address). Remembers at most
 * {@code maxKeys} keys: when more arrive, full buckets are forgotten first (forgetting them changes
 * nothing), then the least recently used one, so memory stays bounded whatever ids or addresses
 * come in.
 */
public final class Limiter {

    private final int capacity;
    private final double perSecond;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(64, 0.75f, true);

    public Limiter(int capacity, double perSecond, int maxKeys, LongSupplier nanoTime) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        // Fails here, at startup, rather than on the first request.
        new TokenBucket(capacity, perSecond, 0);
        this.capacity = capacity;
        this.perSecond = perSecond;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** {@link Duration#ZERO} when a request of {@code key} may go now, else how long until it may. */
    public synchronized Duration take(String key) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            if (buckets.size() >= maxKeys) {
                makeRoom(now);
            }
            bucket = new TokenBucket(capacity, perSecond, now);
            buckets.put(key, bucket);
        }
        return bucket.take(now);
    }

    /** Keys currently remembered. */
    public synchronized int size() {
        return buckets.size();
    }

    private void makeRoom(long now) {
        buckets.values().removeIf(bucket -> bucket.full(now));
        Iterator<Map.Entry<String, TokenBucket>> eldest = buckets.entrySet().iterator();
        while (buckets.size() >= maxKeys && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
