package cn.jifen.market.internal;

import cn.jifen.market.RedemptionWindow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of redemption windows (集中兑换日): tables {@code redemption_window}. */
@Repository
public class WindowSql {
    private final JdbcClient jdbc;
    /** Per village: the windows not cancelled that had not closed when read (the counter's "open now?"). */
    private final VillageCache<Long, List<RedemptionWindow>> coming;

    public WindowSql(JdbcClient jdbc, @Value("${jifen.market.cache-seconds:10}") int cacheSeconds) {
        this.jdbc = jdbc;
        this.coming = new VillageCache<>(Duration.ofSeconds(cacheSeconds));
    }

    /**
     * The village's windows not cancelled that close after {@code now}, soonest first, from the cache: a cached list
     * may hold windows that have closed since it was read, so a caller checks each against the clock.
     */
    public List<RedemptionWindow> comingWindows(long villageId, LocalDateTime now) {
        return coming.get(villageId, v -> List.copyOf(windowsFrom(v, now, 20)));
    }

    public static RedemptionWindow window(ResultSet rs, int i) throws SQLException {
        return new RedemptionWindow(rs.getLong("village_id"), rs.getLong("id"),
                rs.getObject("opens_at", LocalDateTime.class), rs.getObject("closes_at", LocalDateTime.class),
                rs.getString("title"));
    }

    public long insertWindow(long villageId, String title, LocalDateTime opens, LocalDateTime closes, String by, OffsetDateTime at) {
        coming.changed();
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO redemption_window (village_id, title, opens_at, closes_at, cancelled, created_by, created_at)
                VALUES (:v, :n, :o, :c, FALSE, :b, :t)""")
                .param("v", villageId).param("n", title).param("o", opens).param("c", closes).param("b", by).param("t", at));
    }

    public int cancelWindow(long villageId, long id) {
        coming.changed();
        return jdbc.sql("UPDATE redemption_window SET cancelled = TRUE WHERE village_id = :v AND id = :id AND cancelled = FALSE")
                .param("v", villageId).param("id", id).update();
    }

    /** Windows not cancelled that close after a moment, soonest first. */
    public List<RedemptionWindow> windowsFrom(long villageId, LocalDateTime after, int limit) {
        return jdbc.sql("""
                SELECT * FROM redemption_window WHERE village_id = :v AND cancelled = FALSE AND closes_at > :a
                ORDER BY opens_at, id LIMIT :lim""").param("v", villageId).param("a", after).param("lim", limit)
                .query(WindowSql::window).list();
    }

    /** Windows of every village opening after {@code from} and by {@code until}, soonest first (the hourly reminder). */
    public List<RedemptionWindow> windowsOpening(LocalDateTime from, LocalDateTime until) {
        return jdbc.sql("""
                SELECT * FROM redemption_window WHERE cancelled = FALSE AND opens_at > :f AND opens_at <= :u
                ORDER BY opens_at, village_id, id""").param("f", from).param("u", until).query(WindowSql::window).list();
    }

    public List<RedemptionWindow> windows(long villageId) {
        return jdbc.sql("SELECT * FROM redemption_window WHERE village_id = :v AND cancelled = FALSE ORDER BY opens_at DESC, id DESC")
                .param("v", villageId).query(WindowSql::window).list();
    }
}
