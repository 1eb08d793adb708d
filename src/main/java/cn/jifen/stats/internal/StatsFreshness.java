package cn.jifen.stats.internal;

import cn.jifen.ledger.PostingsCreated;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the statistics' cached figures in step with the ledger: after a transaction that made postings (an award,
 * a deduction, a redemption, its cancellation) has committed, today's gauges are marked out of date. Asynchronous
 * (Spring Modulith's {@link ApplicationModuleListener}): the posting does not wait for statistics and cannot fail
 * because of them, and a posting rolled back leaves the figures alone. Marking twice is harmless, so a replay of
 * the publication after a restart is too.
 */
@Component
class StatsFreshness {
    private final StatsMetrics metrics;

    StatsFreshness(StatsMetrics metrics) {
        this.metrics = metrics;
    }

    @ApplicationModuleListener
    void postings(PostingsCreated created) {
        metrics.stale();
    }
}
