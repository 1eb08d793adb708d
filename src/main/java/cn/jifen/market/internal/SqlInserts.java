package cn.jifen.market.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** Runs an INSERT and answers the id the database generated (every market table has an identity column "id"). */
public final class SqlInserts {
    private SqlInserts() { }

    public static long id(JdbcClient.StatementSpec spec) {
        var keys = new GeneratedKeyHolder();
        spec.update(keys, "id");
        return keys.getKey().longValue();
    }
}
