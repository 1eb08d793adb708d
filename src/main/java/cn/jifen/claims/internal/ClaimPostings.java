package cn.jifen.claims.internal;

import cn.jifen.ledger.PostingReferences;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger postings posted claims and upheld appeals (their corrections) record, for the ledger's
 * verify: a posted claim whose posting was deleted, or a claim posting whose claim was deleted, is named there.
 */
@Component
class ClaimPostings implements PostingReferences {
    private final JdbcTemplate jdbc;

    ClaimPostings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String source() {
        return "积分记录（申报）";
    }

    @Override
    public Set<String> sourceTypes() {
        return Set.of("claim");
    }

    @Override
    public Map<UUID, String> postingIds(long villageId) {
        Map<UUID, String> out = new HashMap<>();
        jdbc.query("SELECT id, posting_id FROM claim WHERE village_id = ? AND posting_id IS NOT NULL",
                rs -> {
                    out.put(rs.getObject(2, UUID.class), "积分记录 " + rs.getLong(1));
                }, villageId);
        jdbc.query("SELECT claim_id, id, reversal_posting_id FROM claim_appeal WHERE village_id = ? "
                        + "AND reversal_posting_id IS NOT NULL",
                rs -> {
                    out.put(rs.getObject(3, UUID.class), "积分记录 " + rs.getLong(1) + " 的申诉 " + rs.getLong(2) + " 的冲正");
                }, villageId);
        return out;
    }
}
