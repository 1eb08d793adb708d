package cn.jifen.audit;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Page;
import cn.jifen.shared.Role;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The audit log: who did what, when, from where, to what, before and after, and why.
 * Append-only — this class is the only writer and it only inserts.
 */
@Service
public class AuditLog {

    public record Entry(long id, OffsetDateTime at, String actorName, String actorRole, String remoteAddr,
                        String action, String targetType, String targetId, String before, String after,
                        String reason) { }

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a change; call inside the transaction that makes it, so both land or neither. */
    public void record(Actor actor, String action, String orgPath, String targetType, Object targetId,
                       String before, String after, String reason) {
        jdbc.sql("""
                INSERT INTO audit_log (at, actor_id, actor_name, actor_role, remote_addr, action, org_path,
                                       target_type, target_id, before_state, after_state, reason)
                VALUES (:at, :actorId, :actorName, :actorRole, :addr, :action, :path, :type, :target,
                        :before, :after, :reason)""")
                .param("at", OffsetDateTime.now(clock))
                .param("actorId", actor.userId() == 0 ? null : actor.userId())
                .param("actorName", actor.username())
                .param("actorRole", actor.role().name())
                .param("addr", actor.remoteAddr())
                .param("action", action)
                .param("path", orgPath)
                .param("type", targetType)
                .param("target", targetId == null ? null : String.valueOf(targetId))
                .param("before", clip(before))
                .param("after", clip(after))
                .param("reason", reason == null ? null : clip(reason, 500))
                .update();
    }

    /** Entries in the actor's scope, newest first. Admins and auditors only. */
    public Page<Entry> read(Actor actor, int page, int size) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        String prefix = actor.orgPath() + "%";
        long total = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE org_path LIKE :p")
                .param("p", prefix).query(Long.class).single();
        List<Entry> items = jdbc.sql("""
                SELECT id, at, actor_name, actor_role, remote_addr, action, target_type, target_id,
                       before_state, after_state, reason
                FROM audit_log WHERE org_path LIKE :p ORDER BY id DESC LIMIT :size OFFSET :offset""")
                .param("p", prefix).param("size", size).param("offset", (long) page * size)
                .query((rs, i) -> new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).atZoneSameInstant(clock.getZone()).toOffsetDateTime(),
                        rs.getString("actor_name"), rs.getString("actor_role"), rs.getString("remote_addr"),
                        rs.getString("action"), rs.getString("target_type"), rs.getString("target_id"),
                        rs.getString("before_state"), rs.getString("after_state"), rs.getString("reason")))
                .list();
        return new Page<>(items, page, size, total);
    }

    private static String clip(String s) { return clip(s, 4000); }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
