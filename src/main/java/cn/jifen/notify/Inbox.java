package cn.jifen.notify;

import cn.jifen.shared.Actor;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** 站内信: every account's own messages, newest first; marking read is the account's own business. */
@Service
public class Inbox {
    /** One message in an inbox. */
    public record Message(long id, String kind, String subject, String body, OffsetDateTime createdAt,
                          OffsetDateTime readAt) {
        public boolean unread() { return readAt == null; }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    Inbox(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Page<Message> mine(Actor actor, Paging paging) {
        long total = jdbc.sql("SELECT COUNT(*) FROM notify_inbox WHERE user_id = :u").param("u", actor.userId())
                .query(Long.class).single();
        List<Message> items = jdbc.sql("""
                SELECT id, kind, subject, body, created_at, read_at FROM notify_inbox WHERE user_id = :u
                ORDER BY id DESC LIMIT :n OFFSET :o""")
                .param("u", actor.userId()).param("n", paging.size()).param("o", paging.offset())
                .query((rs, i) -> new Message(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        zoned(rs.getObject(5, OffsetDateTime.class)), zoned(rs.getObject(6, OffsetDateTime.class))))
                .list();
        return paging.of(items, total);
    }

    private OffsetDateTime zoned(OffsetDateTime t) {
        return t == null ? null : t.atZoneSameInstant(clock.getZone()).toOffsetDateTime();
    }

    public long unread(long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM notify_inbox WHERE user_id = :u AND read_at IS NULL")
                .param("u", userId).query(Long.class).single();
    }

    /** Marks one of the actor's own messages read; another account's message is "not found". */
    public void markRead(Actor actor, long id) {
        int n = jdbc.sql("UPDATE notify_inbox SET read_at = COALESCE(read_at, :now) WHERE id = :id AND user_id = :u")
                .param("now", OffsetDateTime.now(clock)).param("id", id).param("u", actor.userId()).update();
        if (n == 0) {
            throw new NotFound("error.notify.messageNotFound");
        }
    }

    /** Marks all of the actor's messages read; returns how many were unread. */
    public int markAllRead(Actor actor) {
        return jdbc.sql("UPDATE notify_inbox SET read_at = :now WHERE user_id = :u AND read_at IS NULL")
                .param("now", OffsetDateTime.now(clock)).param("u", actor.userId()).update();
    }
}
