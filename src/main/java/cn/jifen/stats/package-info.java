/**
 * Statistics (统计): the headline figures of a county, town or village for a period, the practice figures, the
 * monthly rollup, dashboards, metrics and the exports (CSV and workbooks, streamed row by row). Owns the tables
 * stats_month and stats_rollup_state (the rollup: derived data, rebuilt from the ledger at will). Invariants:
 * every figure is computed from the ledger's postings (summed by month in the ledger's own month totals, kept with
 * each posting and checked by verify) and the records (no counter of its own that can drift); a closed
 * period never changes (a later correction counts where it was posted); a unit outside the reader's scope is
 * NotFound. It reads other modules' data only through their reporting views (ledger_posting_v, household_v,
 * claim_v, stock_movement_v, … see docs/architecture/reporting-views.md) or their APIs, and writes none of it.
 * Published API: {@link cn.jifen.stats.Stats}, {@link cn.jifen.stats.Figures}, {@link cn.jifen.stats.Exports}.
 */
@ApplicationModule(displayName = "Statistics",
        allowedDependencies = {"shared", "directory", "documents", "honours", "market", "party", "volunteers",
                // the statistics tests post, record claims and set up rules to have figures to count
                "ledger", "claims", "rules"})
package cn.jifen.stats;

import org.springframework.modulith.ApplicationModule;
