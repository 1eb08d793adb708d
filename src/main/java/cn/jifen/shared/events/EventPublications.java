package cn.jifen.shared.events;

import cn.jifen.shared.JobLocks;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Housekeeping of Spring Modulith's event publication registry (table event_publication): every
 * {@code @ApplicationModuleListener} call is a row written with the event's transaction and completed after the
 * listener's own transaction commits.
 *
 * <ul>
 * <li>A publication still incomplete after {@code jifen.events.resubmit-after} (default 5 minutes) is resubmitted:
 * its listener threw (a deadlock, the database away for a moment), or the instance that was running it died while
 * others went on. Restart republishes what is outstanding anyway
 * ({@code spring.modulith.events.republish-outstanding-events-on-restart}); this covers an instance that keeps
 * running. Listeners are idempotent (they key what they write by the event), so a publication that was merely slow
 * and runs twice changes nothing the second time.</li>
 * <li>Completed publications older than {@code jifen.events.keep-completed} (default one day) are deleted, so the
 * table holds the last day's traffic and what is outstanding.</li>
 * </ul>
 * One instance at a time does this (a {@link JobLocks} lock): resubmitting on several at once would only add work.
 */
@Component
public class EventPublications {
    private final IncompleteEventPublications incomplete;
    private final CompletedEventPublications completed;
    private final JobLocks locks;
    private final Duration resubmitAfter;
    private final Duration keepCompleted;

    EventPublications(IncompleteEventPublications incomplete, CompletedEventPublications completed, JobLocks locks,
            @Value("${jifen.events.resubmit-after:PT5M}") Duration resubmitAfter,
            @Value("${jifen.events.keep-completed:P1D}") Duration keepCompleted) {
        this.incomplete = incomplete;
        this.completed = completed;
        this.locks = locks;
        this.resubmitAfter = resubmitAfter;
        this.keepCompleted = keepCompleted;
    }

    @Scheduled(fixedDelayString = "${jifen.events.housekeeping-interval-ms:60000}",
            initialDelayString = "${jifen.events.housekeeping-interval-ms:60000}")
    public void housekeeping() {
        locks.runAlone("event-publications", Duration.ofMinutes(10), Duration.ofSeconds(10), () -> {
            resubmitStuck();
            deleteCompleted();
            return null;
        });
    }

    /** Runs again the listeners of publications incomplete for longer than the resubmission delay. */
    public void resubmitStuck() {
        incomplete.resubmitIncompletePublicationsOlderThan(resubmitAfter);
    }

    /** Deletes completed publications older than the retention. */
    public void deleteCompleted() {
        completed.deletePublicationsOlderThan(keepCompleted);
    }
}
