package cn.jifen.ledger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether scores, rankings, the board and dashboards are read from the month totals (ledger_period_total_v,
 * the default) or by summing the postings themselves. Both give the same figures (the tests compare them);
 * the switch exists so a benchmark can time the raw path as its baseline in the same run
 * ({@code jifen.ledger.totals-reads}, JIFEN_LEDGER_TOTALS_READS).
 */
@Component
public class TotalsReading {
    private volatile boolean used;

    TotalsReading(@Value("${jifen.ledger.totals-reads:true}") boolean used) {
        this.used = used;
    }

    public boolean used() {
        return used;
    }

    public void use(boolean use) {
        this.used = use;
    }
}
