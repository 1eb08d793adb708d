package cn.jifen.noticeboard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps each village's assembled board for a few seconds (jifen.noticeboard.cache-seconds, default 10), so a
 * crowd opening the board costs one assembly per village per interval. A change of the village's privacy
 * setting evicts it at once; other changes (postings, claims, honours) show within the interval. Each
 * instance of a scaled-out deployment keeps its own copy: nothing is shared, nothing must be invalidated
 * across instances.
 */
@Component
class BoardCache {
    private record Entry(Object value, long expiresAt) { }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    BoardCache(@Value("${jifen.noticeboard.cache-seconds:10}") long seconds) {
        this.ttlNanos = Math.max(0, seconds) * 1_000_000_000L;
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key, Supplier<T> compute) {
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAt() < 0) {
            return (T) e.value();
        }
        T value = compute.get();
        if (ttlNanos > 0) {
            if (entries.size() > 10_000) {
                entries.clear();
            }
            entries.put(key, new Entry(value, now + ttlNanos));
        }
        return value;
    }

    void evict(long villageId) {
        entries.keySet().removeIf(k -> k.startsWith("v" + villageId + ":"));
    }

    void clear() {
        entries.clear();
    }
}
