package cn.jifen.notify.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.shared.Actor;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Messages the dispatcher gave up on, for the county admins: look, then send again. */
@Service
public class DeadLetters {
    /** A dead letter as shown: the address of an SMS masked. */
    public record Letter(long id, String channel, String kind, String address, String subject, String body,
                         int attempts, String lastError, OffsetDateTime createdAt) { }

    private final OutboxSql sql;
    private final AuditLog audit;
    private final Clock clock;

    DeadLetters(OutboxSql sql, AuditLog audit, Clock clock) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
    }

    public Page<Letter> list(Actor actor, Paging paging) {
        NotifySettings.requireCountyAdmin(actor);
        long county = Recipients.countyOf(actor.orgPath());
        List<Letter> items = sql.dead(county, paging.size(), paging.offset()).stream()
                .map(r -> new Letter(r.id(), r.channel().name(), r.kind().name(),
                        r.channel() == Channel.SMS ? SmsSender.masked(r.address()) : r.address(), r.subject(),
                        r.channel() == Channel.WEBHOOK ? r.subject() : r.body(), r.attempts(), r.lastError(),
                        r.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime()))
                .toList();
        return paging.of(items, sql.countDead(county));
    }

    /** Sends a dead letter again from the first attempt. */
    @Transactional
    public void retry(Actor actor, long id) {
        NotifySettings.requireCountyAdmin(actor);
        long county = Recipients.countyOf(actor.orgPath());
        OutboxSql.Row r = sql.byId(id).filter(x -> "DEAD".equals(x.status()))
                .filter(x -> x.countyId() == null || x.countyId() == county)
                .orElseThrow(() -> new NotFound("error.notify.deadNotFound"));
        sql.retry(id, OffsetDateTime.now(clock));
        audit.record(actor, "notify.retry", actor.orgPath(), "outbox", id, "DEAD", "PENDING", r.lastError());
    }
}
