package cn.jifen.workbench.internal;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All SQL of the workbench module: when each villager account last opened its home (table villager_visit). */
@Repository
public class WorkbenchSql {
    private final JdbcClient jdbc;

    public WorkbenchSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OffsetDateTime> lastSeen(long userId) {
        return jdbc.sql("SELECT last_seen_at FROM villager_visit WHERE user_id = :u").param("u", userId)
                .query((rs, i) -> rs.getObject(1, OffsetDateTime.class)).optional();
    }

    /** Moves the account's mark to {@code at} (never back: of two pages opened at once, the later time stays). */
    public void seen(long userId, OffsetDateTime at) {
        Timestamp t = Timestamp.from(at.toInstant());
        int n = jdbc.sql("UPDATE villager_visit SET last_seen_at = :t WHERE user_id = :u AND last_seen_at < :t")
                .param("t", t).param("u", userId).update();
        if (n == 0 && lastSeen(userId).isEmpty()) {
            try {
                jdbc.sql("INSERT INTO villager_visit (user_id, last_seen_at) VALUES (:u, :t)").param("u", userId)
                        .param("t", t).update();
            } catch (DuplicateKeyException e) {
                // the same account opened its home twice at once: the other request wrote the mark
            }
        }
    }
}
