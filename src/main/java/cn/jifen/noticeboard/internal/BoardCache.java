package cn.jifen.noticeboard.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps each village's assembled board for a few seconds (jifen.noticeboard.cache-seconds, default 10), so a
 * crowd opening the board costs one assembly per village per interval. A change of the village's privacy
 * setting evicts it at once; other changes (postings, claims, honours) show within the interval (plus the
 * time one assembly takes: while one request assembles the new board, others get the one just expired). Each
 * instance of a scaled-out deployment keeps its own copy: nothing is shared, nothing must be invalidated
 * across instances.
 */
@Component
public class BoardCache {
    private record Entry(Object value, long expiresAt, AtomicBoolean refreshing) { }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;

    public BoardCache(@Value("${jifen.noticeboard.cache-seconds:10}") long seconds) {
        this.ttlNanos = Math.max(0, seconds) * 1_000_000_000L;
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> compute) {
        long now = System.nanoTime();
        Entry e = entries.get(key);
        if (e != null && now - e.expiresAt() < 0) {
            return (T) e.value();
        }
        if (e != null && !e.refreshing().compareAndSet(false, true)) {
            return (T) e.value(); // another request is assembling the new one: serve the one just expired meanwhile
        }
        T value;
        try {
            value = compute.get();
        } catch (RuntimeException ex) {
            if (e != null) {
                e.refreshing().set(false);
            }
            throw ex;
        }
        if (ttlNanos > 0) {
            if (entries.size() > 10_000) {
                entries.clear();
            }
            entries.put(key, new Entry(value, System.nanoTime() + ttlNanos, new AtomicBoolean()));
        }
        return value;
    }

    /** The cached keys of a village (for tests: what a crowd of requests has made). */
    public List<String> keys(long villageId) {
        return entries.keySet().stream().filter(k -> k.startsWith("v" + villageId + ":")).sorted().toList();
    }

    public void evict(long villageId) {
        entries.keySet().removeIf(k -> k.startsWith("v" + villageId + ":"));
    }

    public void clear() {
        entries.clear();
    }
}
