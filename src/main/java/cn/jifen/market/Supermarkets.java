package cn.jifen.market;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Village points supermarkets (积分超市). Goods, stock and redemption come with the market issue. */
@Service
public class Supermarkets {
    public record Supermarket(long villageId, long id, String name, String address, boolean active) { }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Supermarkets(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public long open(Actor actor, OrgUnit village, String name, String address) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO supermarket (village_id, name, address, active, created_at) VALUES (:v, :n, :a, TRUE, :t)")
                .param("v", village.id()).param("n", name).param("a", address).param("t", OffsetDateTime.now(clock))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        audit.record(actor, "supermarket.open", village.path(), "supermarket", id, null, name, null);
        return id;
    }

    public List<Supermarket> ofVillage(long villageId) {
        return jdbc.sql("SELECT village_id, id, name, address, active FROM supermarket WHERE village_id = :v ORDER BY id")
                .param("v", villageId)
                .query((rs, i) -> new Supermarket(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)))
                .list();
    }
}
