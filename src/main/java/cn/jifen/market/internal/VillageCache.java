package cn.jifen.market.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A small per-village read cache of what the counter reads on every redemption and changes rarely (supermarkets and
 * their keepers and served villages, the village's market settings, its redemption windows). The SQL class that
 * writes the rows empties it on every write, again when the writing transaction ends (so a reader that loaded the
 * old rows while the write was uncommitted does not keep them), and entries expire after a few seconds, which bounds
 * how long another instance (which this one's writes do not reach) can read a change late.
 */
public final class VillageCache<K, V> {
    private final Cache<K, V> cache;

    public VillageCache(Duration ttl) {
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(20_000).build();
    }

    public V get(K key, Function<K, V> load) {
        return cache.get(key, load);
    }

    /** Empties the cache now and again when the current transaction (if any) completes. */
    public void changed() {
        cache.invalidateAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.invalidateAll();
                }
            });
        }
    }
}
