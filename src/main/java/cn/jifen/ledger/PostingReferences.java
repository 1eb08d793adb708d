package cn.jifen.ledger;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Records of another module that claim ledger postings (a redemption, a posted claim, a correction...).
 * Verify checks both ways: every posting such a record names exists, and every posting made for one
 * of {@link #sourceTypes()} is named by a record. The ledger reads no other module's tables: each module
 * that records posting ids publishes them through a bean implementing this interface.
 */
public interface PostingReferences {
    /** What the records are, in Chinese, for verify's messages (e.g. "兑换记录"). */
    String source();

    /** The {@link PostingRequest#sourceType()} values whose every posting must be named by one of these records. */
    Set<String> sourceTypes();

    /**
     * The postings named by records of households of this village: posting id → the record that names it,
     * as a person reads it (e.g. "兑换记录 102/17").
     */
    Map<UUID, String> postingIds(long householdVillageId);
}
