package cn.jifen.market.internal;

import cn.jifen.ledger.PostingReferences;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The ledger postings redemptions (at the counter or from a reservation) and their cancellations record,
 * for the ledger's verify: a redemption whose posting was deleted, or a redemption posting whose
 * redemption was deleted, is named there.
 */
@Component
public class RedemptionPostings implements PostingReferences {
    private final JdbcTemplate jdbc;

    public RedemptionPostings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String source() {
        return "兑换记录";
    }

    @Override
    public Set<String> sourceTypes() {
        return Set.of("redemption", "reservation");
    }

    @Override
    public Map<UUID, String> postingIds(long householdVillageId) {
        Map<UUID, String> out = new HashMap<>();
        jdbc.query("SELECT village_id, id, posting_id, cancel_posting_id FROM redemption WHERE household_village_id = ?",
                rs -> {
                    String label = "兑换记录 " + rs.getLong(1) + "/" + rs.getLong(2);
                    out.put(rs.getObject(3, UUID.class), label);
                    UUID cancel = rs.getObject(4, UUID.class);
                    if (cancel != null) {
                        out.put(cancel, label + " 的撤销");
                    }
                }, householdVillageId);
        return out;
    }
}
