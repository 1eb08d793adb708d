package cn.jifen.honours;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;
import cn.jifen.honours.internal.HonoursSql;

/** Read-only access to honours already confirmed, for statistics and other modules. No scope check: callers check. */
@Service
public class HonourRecords {
    private final HonoursSql sql;

    HonourRecords(HonoursSql sql) {
        this.sql = sql;
    }

    /** Honours awarded in the villages between the two days (inclusive), oldest first. */
    public List<HonourRecord> awarded(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        if (villageIds == null || villageIds.isEmpty() || from == null || to == null || to.isBefore(from)) {
            return List.of();
        }
        return sql.awarded(villageIds, from, to);
    }

    /** The village's most recent honours, newest period first (for the public board). */
    public List<Honour> latest(long villageId, int limit) {
        return sql.honours(villageId, null, Math.max(1, Math.min(limit, 200)));
    }
}
