-- Statistics benchmark data: a county of 10 towns x 20 villages x 500 households = 100,000 households,
-- 200,000 residents, 100,000 passbooks, and 50 postings per household in 2025 = 5,000,000 postings =
-- 10,000,000 ledger_entry rows (passbook leg + system leg). Set-based (INSERT ... SELECT generate_series).
-- Run on a SCRATCH database only (it drops and re-creates ledger_entry's indexes around the bulk load, with
-- the exact definitions of V2/V5). The hash chains are not filled in (prev_hash/hash NULL): LedgerVerifier
-- would report them; statistics do not read them.
--   psql -d jifen_stats_bench -v ON_ERROR_STOP=1 -c 'SET search_path = jifen_test' -f bench/stats/generate.sql
-- (StatsBenchmark runs it itself after the application has migrated the schema.)

INSERT INTO org_unit (code, name, level, village_kind, parent_id, path, active, created_at)
VALUES ('990000', '基准县', 'COUNTY', NULL, NULL, '/', TRUE, TIMESTAMP WITH TIME ZONE '2024-11-01 00:00:00+08');
UPDATE org_unit SET path = '/' || id || '/' WHERE code = '990000';

INSERT INTO org_unit (code, name, level, village_kind, parent_id, path, active, created_at)
SELECT '990000' || (100 + t), '基准' || t || '镇', 'TOWN', NULL, c.id, c.path, TRUE, c.created_at
FROM org_unit c CROSS JOIN generate_series(1, 10) t WHERE c.code = '990000';
UPDATE org_unit SET path = path || id || '/' WHERE level = 'TOWN' AND code LIKE '990000%';

INSERT INTO org_unit (code, name, level, village_kind, parent_id, path, active, created_at)
SELECT t.code || (200 + v), t.name || v || '村', 'VILLAGE', 'VILLAGE', t.id, t.path, TRUE, t.created_at
FROM org_unit t CROSS JOIN generate_series(1, 20) v WHERE t.level = 'TOWN' AND t.code LIKE '990000%';
UPDATE org_unit SET path = path || id || '/' WHERE level = 'VILLAGE' AND code LIKE '990000%';

INSERT INTO org_unit (code, name, level, village_kind, parent_id, path, active, created_at)
SELECT v.code || '-G1', '第一网格', 'GRID', NULL, v.id, v.path, TRUE, v.created_at
FROM org_unit v WHERE v.level = 'VILLAGE' AND v.code LIKE '990000%';
UPDATE org_unit SET path = path || id || '/' WHERE level = 'GRID' AND code LIKE '990000%';

INSERT INTO household (village_id, household_ref, grid_id, address, low_income, status, created_at, updated_at)
SELECT v.id, lpad(n::text, 4, '0'), g.id, '第' || n || '号', n % 25 = 0, 'ACTIVE', v.created_at, v.created_at
FROM org_unit v JOIN org_unit g ON g.parent_id = v.id AND g.level = 'GRID'
CROSS JOIN generate_series(1, 500) n
WHERE v.level = 'VILLAGE' AND v.code LIKE '990000%';

INSERT INTO resident (village_id, household_id, name, relation, is_head, gender, birth_year, party_member, status, created_at)
SELECT h.village_id, h.id, CASE WHEN r = 1 THEN '户主' ELSE '配偶' END || h.household_ref,
       CASE WHEN r = 1 THEN '户主' ELSE '配偶' END, r = 1, CASE WHEN r = 1 THEN 'M' ELSE 'F' END,
       1950 + (h.id % 40)::int, r = 1 AND h.id % 10 = 0, 'ACTIVE', h.created_at
FROM household h JOIN org_unit v ON v.id = h.village_id AND v.code LIKE '990000%'
CROSS JOIN generate_series(1, 2) r;

INSERT INTO passbook (village_id, household_id, number, issued_on)
SELECT h.village_id, h.id, v.code || '-' || h.household_ref, DATE '2024-12-01'
FROM household h JOIN org_unit v ON v.id = h.village_id AND v.code LIKE '990000%';

INSERT INTO ledger_account (village_id, id, kind, household_id, balance, entry_count, last_hash, created_at)
SELECT h.village_id, md5('pb-' || h.village_id || '-' || h.id)::uuid, 'PASSBOOK', h.id, 0, 50, 'bench', h.created_at
FROM household h JOIN org_unit v ON v.id = h.village_id AND v.code LIKE '990000%';
INSERT INTO ledger_account (village_id, id, kind, household_id, balance, entry_count, last_hash, created_at)
SELECT v.id, md5('sys-' || v.id || '-' || k)::uuid, k, NULL, 0, 0, 'bench', v.created_at
FROM org_unit v CROSS JOIN (VALUES ('ISSUED'), ('REDEEMED'), ('FORFEITED')) s(k)
WHERE v.level = 'VILLAGE' AND v.code LIKE '990000%';

-- bulk load: indexes and keys off, rows in, indexes and keys back on (same definitions as V2/V5)
ALTER TABLE ledger_entry DROP CONSTRAINT fk_ledger_entry_account;
ALTER TABLE ledger_entry DROP CONSTRAINT uq_ledger_entry_idempotency;
ALTER TABLE ledger_entry DROP CONSTRAINT uq_ledger_entry_chain;
ALTER TABLE ledger_entry DROP CONSTRAINT uq_ledger_entry_leg;
ALTER TABLE ledger_entry DROP CONSTRAINT pk_ledger_entry;
DROP INDEX ix_ledger_entry_household;
DROP INDEX ix_ledger_entry_reverses;
DROP INDEX ix_ledger_entry_scores;

-- kind by k % 20: 0-13 EARN (70 %), 14-16 DEDUCT (15 %), 17-19 REDEEM (15 %); one posting a week per household
INSERT INTO ledger_entry (village_id, id, posting_id, leg_no, account_id, household_id, amount, score_delta,
                          balance_after, seq, kind, posted_on, created_at, source_type, source_ref, item_label,
                          actor_name)
SELECT x.village_id,
       md5(x.pkey || '-' || leg)::uuid,
       md5(x.pkey)::uuid,
       leg,
       CASE WHEN leg = 0 THEN md5('pb-' || x.village_id || '-' || x.hid)::uuid
            ELSE md5('sys-' || x.village_id || '-' || x.counter)::uuid END,
       CASE WHEN leg = 0 THEN x.hid END,
       CASE WHEN leg = 0 THEN x.amount ELSE -x.amount END,
       CASE WHEN leg = 0 THEN x.score ELSE 0 END,
       NULL,
       CASE WHEN leg = 0 THEN x.k END,
       x.kind, x.day, x.day::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours',
       CASE WHEN x.kind = 'EARN' THEN 'claim' END, CASE WHEN x.kind = 'EARN' THEN x.k::text END,
       x.label, 'bench'
FROM (
    SELECT h.village_id, h.id AS hid, k, h.village_id || '-' || h.id || '-' || k AS pkey,
           DATE '2025-01-01' + ((k - 1) * 7 + (h.id % 7))::int AS day,
           CASE WHEN k % 20 < 14 THEN 'EARN' WHEN k % 20 < 17 THEN 'DEDUCT' ELSE 'REDEEM' END AS kind,
           CASE WHEN k % 20 < 14 THEN 'ISSUED' WHEN k % 20 < 17 THEN 'FORFEITED' ELSE 'REDEEMED' END AS counter,
           CASE WHEN k % 20 < 14 THEN 5 + (h.id + k) % 16 WHEN k % 20 < 17 THEN -(2 + (h.id + k) % 4)
                ELSE -(5 + (h.id + k) % 11) END AS amount,
           CASE WHEN k % 20 < 14 THEN 5 + (h.id + k) % 16 WHEN k % 20 < 17 THEN -(2 + (h.id + k) % 4) ELSE 0 END AS score,
           CASE WHEN k % 20 < 14 THEN (ARRAY['志愿服务：参加志愿服务活动', '文明新风：移风易俗', '乡村治理：参与村务',
                     '家庭美德：孝老爱亲', '邻里互助：帮扶困难户', '党员争优：党员先锋岗', '遵纪守法：无违法记录'])[1 + (h.id + k) % 7]
                WHEN k % 20 < 17 THEN '负面清单：乱扔垃圾' ELSE '兑换：生活用品' END AS label
    FROM household h JOIN org_unit v ON v.id = h.village_id AND v.code LIKE '990000%'
    CROSS JOIN generate_series(1, 50) k
) x CROSS JOIN generate_series(0, 1) leg;

ALTER TABLE ledger_entry ADD CONSTRAINT pk_ledger_entry PRIMARY KEY (village_id, id);
ALTER TABLE ledger_entry ADD CONSTRAINT uq_ledger_entry_idempotency UNIQUE (village_id, idempotency_key);
ALTER TABLE ledger_entry ADD CONSTRAINT uq_ledger_entry_chain UNIQUE (village_id, account_id, seq);
ALTER TABLE ledger_entry ADD CONSTRAINT uq_ledger_entry_leg UNIQUE (village_id, posting_id, leg_no);
ALTER TABLE ledger_entry ADD CONSTRAINT fk_ledger_entry_account FOREIGN KEY (village_id, account_id) REFERENCES ledger_account (village_id, id);
CREATE INDEX ix_ledger_entry_household ON ledger_entry (village_id, household_id, posted_on);
CREATE INDEX ix_ledger_entry_reverses ON ledger_entry (village_id, reverses_posting_id);
CREATE INDEX ix_ledger_entry_scores ON ledger_entry (village_id, posted_on, leg_no, household_id, score_delta);

UPDATE ledger_account a SET balance = GREATEST(0, s.total)
FROM (SELECT village_id, household_id, SUM(amount) AS total FROM ledger_entry
      WHERE leg_no = 0 AND village_id IN (SELECT id FROM org_unit WHERE code LIKE '990000%' AND level = 'VILLAGE')
      GROUP BY village_id, household_id) s
WHERE a.village_id = s.village_id AND a.household_id = s.household_id AND a.kind = 'PASSBOOK';

ANALYZE;
