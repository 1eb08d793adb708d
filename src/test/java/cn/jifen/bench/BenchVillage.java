package cn.jifen.bench;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A benchmark village of {@code households} households (one head each, a passbook each) with {@code postings}
 * postings spread over the last 1,095 days, written by bulk SQL straight into ledger_entry (leg 0 on the passbook,
 * leg 1 on the village's ISSUED account; 5 % deductions, a third naming the head; hash chains not built: bench
 * only), then the month totals by the migration's backfill ({@link BenchTotals}). The caller runs VACUUM ANALYZE.
 */
final class BenchVillage {
    private BenchVillage() { }

    static OrgUnit create(OrgUnits orgUnits, JdbcTemplate jdbc, String codePrefix, String name, int households,
                          int postings) {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        OrgUnit village = orgUnits.create(countyAdmin, "441821100", Actors.code(codePrefix), name, "VILLAGE");
        OrgUnit grid = orgUnits.create(countyAdmin, village.code(), village.code() + "-G", "压测网格", null);
        long v = village.id();
        jdbc.update("""
                INSERT INTO household (village_id, household_ref, grid_id, address, low_income, status, created_at, updated_at)
                SELECT ?, lpad(g::text, 4, '0'), ?, '压测地址' || g, FALSE, 'ACTIVE', now(), now()
                FROM generate_series(1, ?) g""", v, grid.id(), households);
        jdbc.update("""
                INSERT INTO resident (village_id, household_id, name, relation, is_head, gender, birth_year, phone, status, created_at)
                SELECT h.village_id, h.id, substr('陈黄李张刘林罗梁何邓朱冯谢郑周吴徐孙马胡', 1 + (h.id % 20)::int, 1) || '某'
                       || h.household_ref, '户主', TRUE, 'M', 1960, '139' || lpad(h.household_ref, 8, '0'), 'ACTIVE', now()
                FROM household h WHERE h.village_id = ?""", v);
        jdbc.update("""
                INSERT INTO passbook (village_id, household_id, number, issued_on)
                SELECT h.village_id, h.id, ? || '-' || lpad(h.household_ref, 4, '0'), CURRENT_DATE
                FROM household h WHERE h.village_id = ?""", village.code(), v);
        jdbc.update("""
                INSERT INTO ledger_account (village_id, id, kind, household_id, balance, entry_count, last_hash, created_at)
                SELECT h.village_id, gen_random_uuid(), 'PASSBOOK', h.id, 0, 0, 'bench', now() FROM household h
                WHERE h.village_id = ?""", v);
        jdbc.update("""
                INSERT INTO ledger_account (village_id, id, kind, household_id, balance, entry_count, last_hash, created_at)
                VALUES (?, gen_random_uuid(), 'ISSUED', NULL, 0, 0, 'bench', now())""", v);
        jdbc.update("""
                CREATE TEMP TABLE bench_posting AS
                SELECT g, gen_random_uuid() AS posting_id, a.id AS account_id, a.household_id,
                       CASE WHEN g % 3 = 0 THEN r.id END AS resident_id,
                       CASE WHEN g % 20 = 0 THEN 'DEDUCT' ELSE 'EARN' END AS kind,
                       CASE WHEN g % 20 = 0 THEN -(1 + g % 5) ELSE 1 + g % 20 END AS points,
                       CURRENT_DATE - (g::bigint * 7919 % 1095)::int AS posted_on
                FROM generate_series(1, ?) g
                JOIN (SELECT id, household_id, row_number() OVER (ORDER BY household_id) - 1 AS k FROM ledger_account
                      WHERE village_id = ? AND kind = 'PASSBOOK') a ON a.k = g % ?
                JOIN resident r ON r.village_id = ? AND r.household_id = a.household_id""", postings, v, households, v);
        jdbc.update("""
                INSERT INTO ledger_entry (village_id, id, posting_id, leg_no, account_id, household_id, amount, score_delta,
                    balance_after, seq, kind, posted_on, created_at, resident_id, item_label, actor_name, village_seq)
                SELECT ?, gen_random_uuid(), posting_id, 0, account_id, household_id, points, points, 0, g, kind, posted_on,
                       posted_on + time '10:00', resident_id,
                       CASE WHEN kind = 'EARN' THEN '志愿服务：参加志愿服务活动' ELSE '遵纪守法：乱倒垃圾' END, 'bench', g
                FROM bench_posting""", v);
        jdbc.update("""
                INSERT INTO ledger_entry (village_id, id, posting_id, leg_no, account_id, household_id, amount, score_delta,
                    kind, posted_on, created_at, actor_name)
                SELECT ?, gen_random_uuid(), p.posting_id, 1, s.id, NULL, -p.points, 0, p.kind, p.posted_on,
                       p.posted_on + time '10:00', 'bench'
                FROM bench_posting p, ledger_account s WHERE s.village_id = ? AND s.kind = 'ISSUED'""", v, v);
        jdbc.update("DROP TABLE bench_posting");
        BenchTotals.rebuild(jdbc, v);
        return village;
    }
}
