package cn.jifen.claims.internal;

import cn.jifen.claims.PointsRun;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The log of the points policy's runs (points_run). */
@Repository
public class PointsRunSql {
    private final JdbcClient jdbc;

    PointsRunSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insertRun(PointsRun r) {
        jdbc.sql("""
                INSERT INTO points_run (village_id, kind, period_key, started_at, finished_at, households, posted, points,
                                        actor_name)
                VALUES (:v, :k, :p, :s, :f, :h, :n, :pts, :a)""")
                .param("v", r.villageId()).param("k", r.kind()).param("p", r.periodKey()).param("s", r.startedAt())
                .param("f", r.finishedAt()).param("h", r.households()).param("n", r.posted()).param("pts", r.points())
                .param("a", r.actorName()).update();
    }

    public long runCount(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM points_run WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    public List<PointsRun> runs(long villageId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM points_run WHERE village_id = :v ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset)
                .query((rs, i) -> new PointsRun(rs.getLong("village_id"), rs.getLong("id"), rs.getString("kind"),
                        rs.getString("period_key"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), rs.getInt("households"), rs.getInt("posted"),
                        rs.getLong("points"), rs.getString("actor_name"))).list();
    }

    /** The latest runs of the villages under an org path (the actor's scope), newest first. */
    public List<PointsRun> runsUnder(String path, int limit) {
        return jdbc.sql("""
                SELECT r.* FROM points_run r JOIN org_unit_v v ON v.id = r.village_id
                WHERE v.path LIKE :p ORDER BY r.started_at DESC, r.id DESC LIMIT :n""")
                .param("p", path + "%").param("n", limit)
                .query((rs, i) -> new PointsRun(rs.getLong("village_id"), rs.getLong("id"), rs.getString("kind"),
                        rs.getString("period_key"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), rs.getInt("households"), rs.getInt("posted"),
                        rs.getLong("points"), rs.getString("actor_name"))).list();
    }

    /** Whether a run of this kind and period was logged for the village. */
    public boolean hasRun(String kind, String periodKey, long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM points_run WHERE village_id = :v AND kind = :k AND period_key = :p")
                .param("v", villageId).param("k", kind).param("p", periodKey).query(Long.class).single() > 0;
    }
}
