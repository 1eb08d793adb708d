/**
 * The demo county (演示数据): a year of two towns' activity loaded through the other modules' public APIs, for trials and the browser tests.
 * <p>Owns no tables: every row it makes goes through the owning module's API, so the demo obeys the same invariants. (stats is needed by the demo's tests only.)
 * <p>Published API: Nothing: it runs on its own when the demo profile is on.
 */
@ApplicationModule(displayName = "Demo data", allowedDependencies = {"claims", "complaints", "directory", "honours", "identity", "ledger", "market", "meetings", "notify", "party", "proposals", "rules", "volunteers", "wishes", "stats"})
package cn.jifen.demo;

import org.springframework.modulith.ApplicationModule;
