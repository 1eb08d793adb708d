package cn.jifen.noticeboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoardCacheTest {
    @Test
    void aValueIsReusedWithinTheIntervalAndRecomputedAfterEviction() {
        BoardCache cache = new BoardCache(60);
        AtomicInteger computed = new AtomicInteger();
        assertThat(cache.<Integer>get("v1:board", computed::incrementAndGet)).isEqualTo(1);
        assertThat(cache.<Integer>get("v1:board", computed::incrementAndGet)).isEqualTo(1);
        cache.evict(12); // another village: untouched
        assertThat(cache.<Integer>get("v1:board", computed::incrementAndGet)).isEqualTo(1);
        cache.evict(1);
        assertThat(cache.<Integer>get("v1:board", computed::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void zeroSecondsMeansNoCaching() {
        BoardCache cache = new BoardCache(0);
        AtomicInteger computed = new AtomicInteger();
        cache.get("v1:board", computed::incrementAndGet);
        cache.get("v1:board", computed::incrementAndGet);
        assertThat(computed.get()).isEqualTo(2);
    }

    @Test
    void anExpiredValueIsRecomputed() throws Exception {
        BoardCache cache = new BoardCache(1);
        AtomicInteger computed = new AtomicInteger();
        cache.get("v1:board", computed::incrementAndGet);
        Thread.sleep(1_100);
        assertThat(cache.<Integer>get("v1:board", computed::incrementAndGet)).isEqualTo(2);
    }

    @Test
    void pastItsBoundTheCacheEvictsSomeEntriesInsteadOfDroppingThemAll() {
        BoardCache cache = new BoardCache(60, 100);
        for (int village = 1; village <= 101; village++) {
            cache.get("v" + village + ":board", () -> "board");
        }
        assertThat(cache.size()).isEqualTo(100);
    }
}
