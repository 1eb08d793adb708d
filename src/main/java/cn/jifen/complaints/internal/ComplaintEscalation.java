package cn.jifen.complaints.internal;

import cn.jifen.complaints.Complaints;
import cn.jifen.shared.JobLocks;
import java.time.Duration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every ten minutes (default; {@code jifen.complaints.escalate-interval-ms}), and soon after start to catch up,
 * escalates open complaints past their deadline to the town. One instance runs it at a time (ShedLock lock
 * {@code complaints-escalate}); each complaint is still taken by a conditional update, so even two runs that
 * overlapped would escalate (and notify) it once.
 */
@Component
public class ComplaintEscalation {
    static final String LOCK = "complaints-escalate";

    private final Complaints complaints;
    private final JobLocks locks;

    ComplaintEscalation(Complaints complaints, JobLocks locks) {
        this.complaints = complaints;
        this.locks = locks;
    }

    @Scheduled(fixedDelayString = "${jifen.complaints.escalate-interval-ms:600000}",
            initialDelayString = "${jifen.complaints.escalate-initial-delay-ms:20000}")
    int run() {
        return locks.runAlone(LOCK, Duration.ofMinutes(30), Duration.ofSeconds(30), complaints::escalateDue).orElse(0);
    }
}
