-- Statistics rollup (stats module). Monthly sums of the ledger's passbook legs per village, kind and item
-- label, for months that are complete: entries are append-only and dated by the county date of their
-- posting, so once a month is over (with two days' margin for transactions in flight at midnight) its
-- sums can never change. Readers add the raw legs of any days after the watermark. A rollup is rebuilt
-- from the ledger at any time and verified against it (Stats rollup tests, StatsRollup.verify).
-- Village-owned: the key includes village_id.
CREATE TABLE stats_month (
    village_id  BIGINT       NOT NULL,
    month_start DATE         NOT NULL,          -- first day of the month
    kind        VARCHAR(16)  NOT NULL,
    item_label  VARCHAR(200) NOT NULL,          -- '' when the posting had none
    postings    BIGINT       NOT NULL,
    amount      BIGINT       NOT NULL,          -- Σ amount of the passbook legs
    score       BIGINT       NOT NULL,          -- Σ score_delta
    deeds       BIGINT       NOT NULL,          -- postings that count as good deeds (see README.md ("每个数字的定义"))
    CONSTRAINT pk_stats_month PRIMARY KEY (village_id, month_start, kind, item_label)
);

-- One row (id 1): the last day included in stats_month. The rollup job locks it, so one instance rolls up at a time.
CREATE TABLE stats_rollup_state (
    id          INT  NOT NULL PRIMARY KEY,
    rolled_through DATE,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
