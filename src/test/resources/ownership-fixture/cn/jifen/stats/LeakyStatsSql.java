package cn.jifen.stats;

// A fixture for TableOwnershipTest (not compiled): statistics reading the ledger's and the directory's tables
// directly, next to reads the check must let pass (its own table, a published view, prose in comments).
class LeakyStatsSql {
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    // FROM ledger_entry in a comment is no SQL
    long postings() {
        return jdbc.sql("""
                SELECT COUNT(*)
                FROM ledger_entry WHERE leg_no = 0""").query(Long.class).single();
    }

    long viaTheView() {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_posting_v e WHERE EXTRACT(YEAR FROM e.posted_on) = 2026")
                .query(Long.class).single();
    }

    long ownAndConcatenated() {
        return jdbc.sql("SELECT COUNT(*) FROM stats_month s JOIN "
                + "household h ON h.village_id = s.village_id").query(Long.class).single();
    }

    long commaList() {
        return jdbc.sql("SELECT COUNT(*) FROM stats_month s, claim c WHERE c.village_id = s.village_id")
                .query(Long.class).single();
    }
}
