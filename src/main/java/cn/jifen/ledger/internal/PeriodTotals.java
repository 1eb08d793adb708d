package cn.jifen.ledger.internal;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The month totals (table ledger_period_total) that some passbook legs add up to: one row per household and
 * month, one per resident a leg names, and one per village and month (household 0, resident 0). The ledger
 * adds the legs of each posting transaction ({@link LedgerSql#mergeTotals}), verify adds every leg of a
 * village and compares; both use {@link #add}, so what is kept and what is checked cannot drift apart.
 */
public final class PeriodTotals {
    /** Column order of {@link #values} and of the table's summed columns. */
    public static final String[] COLUMNS = {"postings", "score", "amount", "score_plus", "score_minus", "earned", "deducted",
            "score_deducted", "forfeited", "expired", "redeemed", "corrected", "vetoes", "redemptions", "cancellations",
            "earn_not_policy"};

    /**
     * A row's key: household 0 is a village row (one per kind and item label), resident 0 a household row;
     * household and resident rows have kind and label ''.
     */
    public record Key(long householdId, long residentId, LocalDate monthStart, String kind, String label) {
        public String describe() {
            String month = monthStart.toString().substring(0, 7);
            return householdId == 0 ? "全村 " + month + " " + kind + "「" + label + "」"
                    : residentId == 0 ? "农户 " + householdId + " " + month
                    : "农户 " + householdId + " 村民 " + residentId + " " + month;
        }
    }

    private final Map<Key, long[]> rows = new LinkedHashMap<>();

    /**
     * Adds one passbook leg to its household's month, its resident's (if it names one) and its village's month
     * of its kind and item label.
     */
    public void add(Leg passbookLeg) {
        long[] v = values(passbookLeg);
        LocalDate month = passbookLeg.postedOn().withDayOfMonth(1);
        long household = passbookLeg.householdId() == null ? 0 : passbookLeg.householdId();
        plus(new Key(household, 0, month, "", ""), v);
        if (passbookLeg.residentId() != null) {
            plus(new Key(household, passbookLeg.residentId(), month, "", ""), v);
        }
        plus(new Key(0, 0, month, passbookLeg.kind().name(),
                passbookLeg.itemLabel() == null ? "" : passbookLeg.itemLabel()), v);
    }

    private void plus(Key k, long[] v) {
        long[] a = rows.computeIfAbsent(k, x -> new long[COLUMNS.length]);
        for (int i = 0; i < v.length; i++) {
            a[i] += v[i];
        }
    }

    /** What one passbook leg adds to each column (see V40__ledger_period_totals.sql). */
    static long[] values(Leg l) {
        long amount = l.amount();
        long sd = l.scoreDelta();
        long[] v = new long[COLUMNS.length];
        v[0] = 1;
        v[1] = sd;
        v[2] = amount;
        v[3] = Math.max(sd, 0);
        v[4] = Math.max(-sd, 0);
        switch (l.kind()) {
            case EARN -> {
                v[5] = amount;
                v[15] = "policy".equals(l.sourceType()) ? 0 : 1;
            }
            case DEDUCT -> {
                v[6] = -amount;
                v[7] = -sd;
            }
            case VETO -> {
                v[8] = -amount;
                v[12] = 1;
            }
            case EXPIRE -> v[9] = -amount;
            case REDEEM -> {
                v[10] = -amount;
                v[13] = 1;
            }
            case CANCEL -> {
                v[10] = -amount;
                v[14] = 1;
            }
            case CORRECT -> v[11] = amount;
        }
        return v;
    }

    public Map<Key, long[]> rows() {
        return rows;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The first difference between these (computed) totals and the stored ones, or null when they agree. */
    public String firstDifference(Map<Key, long[]> stored) {
        for (var e : rows.entrySet()) {
            long[] s = stored.get(e.getKey());
            if (s == null) {
                return e.getKey().describe() + " 的月合计行缺失（合计行被删除）";
            }
            for (int i = 0; i < COLUMNS.length; i++) {
                if (s[i] != e.getValue()[i]) {
                    return e.getKey().describe() + " 的月合计 " + COLUMNS[i] + " 为 " + s[i] + "，按记录合计为 "
                            + e.getValue()[i] + "（合计表被绕过系统改动）";
                }
            }
        }
        for (var e : stored.entrySet()) {
            if (!rows.containsKey(e.getKey()) && Arrays.stream(e.getValue()).anyMatch(x -> x != 0)) {
                return e.getKey().describe() + " 有月合计行，却没有对应的记录（合计表被绕过系统改动）";
            }
        }
        return null;
    }
}
