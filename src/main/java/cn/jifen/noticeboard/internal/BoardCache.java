package cn.jifen.noticeboard.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keeps each village's assembled board for a few seconds (jifen.noticeboard.cache-seconds, default 10), so a
 * crowd opening the board costs one assembly per village per interval. A change of the village's privacy
 * setting evicts it at once; other changes (postings, claims, honours) show within the interval (plus the
 * time one assembly takes: while one request assembles the new board, others get the one just expired). Each
 * instance of a scaled-out deployment keeps its own copy: nothing is shared, nothing must be invalidated
 * across instances.
 *
 * <p>The entries live in a Caffeine cache bounded by jifen.noticeboard.cache-entries (default 10,000): past the
 * bound it evicts the entries least likely to be asked for again, one by one, instead of dropping every board at
 * once. The interval is the entry's own (checked on each read, so the first reader after it assembles anew while
 * the others are served the old one); Caffeine drops an entry nobody has refreshed for {@value #KEEP_STALE}
 * intervals, so a board nobody looks at does not hold memory until the bound is reached.
 */
@Component
public class BoardCache {
    /** How many intervals an expired entry is still kept to serve the crowd while one request refreshes it. */
    public static final int KEEP_STALE = 6;

    private record Entry(Object value, long expiresAt, AtomicBoolean refreshing) { }

    private final Cache<String, Entry> entries;
    private final long ttlNanos;

    public BoardCache(long seconds) {
        this(seconds, 10_000);
    }

    @Autowired
    public BoardCache(@Value("${jifen.noticeboard.cache-seconds:10}") long seconds,
               @Value("${jifen.noticeboard.cache-entries:10000}") long maxEntries) {
        this.ttlNanos = Math.max(0, seconds) * 1_000_000_000L;
        this.entries = Caffeine.newBuilder()
                .maximumSize(Math.max(1, maxEntries))
                .expireAfterWrite(Duration.ofNanos(Math.max(1, ttlNanos) * KEEP_STALE))
                .build();
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key, Supplier<T> compute) {
        long now = System.nanoTime();
        Entry e = entries.getIfPresent(key);
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
            entries.put(key, new Entry(value, System.nanoTime() + ttlNanos, new AtomicBoolean()));
        }
        return value;
    }

    /** The cached keys of a village (for tests: what a crowd of requests has made). */
    public List<String> keys(long villageId) {
        return entries.asMap().keySet().stream().filter(k -> k.startsWith("v" + villageId + ":")).sorted().toList();
    }

    /** How many entries are held once pending evictions are done (for tests). */
    public long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    public void evict(long villageId) {
        entries.asMap().keySet().removeIf(k -> k.startsWith("v" + villageId + ":"));
    }

    public void clear() {
        entries.invalidateAll();
    }
}
