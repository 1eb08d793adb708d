package cn.jifen.stats.internal;

import cn.jifen.ledger.PostingsCreated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the statistics' cached figures in step with the ledger: after a transaction that made postings (an award,
 * a deduction, a redemption, its cancellation) has committed, today's gauges are marked out of date, so the next
 * read is fresh instead of waiting out the refresh interval.
 *
 * <p>Deliberately not an {@code @ApplicationModuleListener}: that would write an event-publication row into every
 * posting transaction (one more statement on the counter's hot path) to guarantee something that needs no
 * guarantee. The mark lives in this process's memory; if the process dies before it is set, the cache dies with
 * it. A rolled-back posting leaves the figures alone.
 */
@Component
class StatsFreshness {
    private final StatsMetrics metrics;

    StatsFreshness(StatsMetrics metrics) {
        this.metrics = metrics;
    }

    @EventListener
    void postings(PostingsCreated created) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.stale();
                }
            });
        } else {
            metrics.stale();
        }
    }
}
