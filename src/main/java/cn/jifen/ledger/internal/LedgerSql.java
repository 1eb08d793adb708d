package cn.jifen.ledger.internal;

import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostedTotals;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.VerifyRun;
import cn.jifen.ledger.VillagePosting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the ledger. Every statement names the village (the distribution key).
 * <p>Why one class of about 940 lines: Every statement on the ledger's tables, including the PostgreSQL, H2 and
 * Citus forms of the batch statements (issue #17: array inserts, data-modifying CTEs); one class so a change to a
 * table meets every statement that touches it.
 */
@Repository
public class LedgerSql {
    /** Ids per IN-list query. Large on purpose: a batch of 10,000 then runs each query at most twice, so
     *  PostgreSQL never switches to a generic plan (after 5 runs), which scans the whole village. */
    static final int CHUNK = 5000;

    /** A passbook account's cached state; {@code seal} is written with it (see LedgerSeals), never read back here. */
    public record AccountState(UUID id, long balance, long entryCount, String lastHash, long score, String seal) {
        public AccountState(UUID id, long balance, long entryCount, String lastHash, long score) {
            this(id, balance, entryCount, lastHash, score, null);
        }

        public AccountState sealed(String s) {
            return new AccountState(id, balance, entryCount, lastHash, score, s);
        }
    }

    /** A village's head row: the length and head of its chain of passbook entries. */
    public record VillageHead(long villageId, long entryCount, String headHash, String seal) { }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    private volatile Boolean postgres;

    private boolean postgres() {
        if (postgres == null) {
            postgres = jdbc.execute((Connection c) ->
                    c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres"));
        }
        return postgres;
    }

    LedgerSql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    private static final String LEG_COLUMNS = """
            village_id, id, posting_id, leg_no, account_id, household_id, amount, score_delta, balance_after, seq, kind,
            posted_on, created_at, resident_id, source_type, source_ref, item_label, reverses_posting_id, actor_id,
            actor_name, reason, idempotency_key, request_hash, prev_hash, hash""";

    static final RowMapper<Leg> LEG = (rs, i) -> new Leg(rs.getLong("village_id"), rs.getObject("id", UUID.class),
            rs.getObject("posting_id", UUID.class), rs.getInt("leg_no"), rs.getObject("account_id", UUID.class),
            (Long) rs.getObject("household_id", Long.class), rs.getLong("amount"), rs.getLong("score_delta"),
            (Long) rs.getObject("balance_after", Long.class), (Long) rs.getObject("seq", Long.class),
            kind(rs.getString("kind")), rs.getObject("posted_on", LocalDate.class),
            rs.getObject("created_at", OffsetDateTime.class), (Long) rs.getObject("resident_id", Long.class),
            rs.getString("source_type"), rs.getString("source_ref"), rs.getString("item_label"),
            rs.getObject("reverses_posting_id", UUID.class), (Long) rs.getObject("actor_id", Long.class),
            rs.getString("actor_name"), rs.getString("reason"), rs.getString("idempotency_key"),
            rs.getString("request_hash"), rs.getString("prev_hash"), rs.getString("hash"));

    /** A stored kind; one no posting has (a row edited behind the application) is data that cannot be read. */
    static PostingKind kind(String stored) {
        try {
            return PostingKind.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DataRetrievalFailureException("ledger entry of unknown kind " + stored, e);
        }
    }

    /** Passbook legs already posted under these keys. */
    public Map<String, Leg> byKeys(long villageId, Collection<String> keys) {
        Map<String, Leg> found = new HashMap<>();
        queryByList("SELECT " + LEG_COLUMNS + " FROM ledger_entry WHERE village_id = :v AND idempotency_key %s",
                villageId, "varchar", new ArrayList<>(keys), rs -> {
                    Leg l = LEG.mapRow(rs, 0);
                    found.put(l.idempotencyKey(), l);
                });
        return found;
    }

    /**
     * Creates the accounts that do not exist yet, system accounts first. Ids are deterministic and
     * a racing creator is ignored (ON CONFLICT DO NOTHING), so this never fails a caller's transaction.
     */
    public void ensureAccounts(long villageId, Map<UUID, Object[]> wanted, OffsetDateTime now) {
        List<UUID> ids = new ArrayList<>(wanted.keySet());
        // system accounts first, then passbooks, each in id order: the order in which every transaction creates
        // accounts (the batch path creates the system accounts in a statement of their own before its passbooks),
        // so no two creators wait for each other's new rows in a cycle
        ids.sort(Comparator.<UUID, Boolean>comparing(id -> "PASSBOOK".equals(wanted.get(id)[0]))
                .thenComparing(Ledger.DB_ORDER));
        Set<UUID> existing = existingAccounts(villageId, ids);
        List<Object[]> rows = new ArrayList<>();
        for (UUID id : ids) {
            if (!existing.contains(id)) {
                Object[] w = wanted.get(id);
                rows.add(new Object[] {villageId, id, w[0], w[1], EntryHasher.GENESIS, Timestamp.from(now.toInstant())});
            }
        }
        for (List<Object[]> part : chunks(rows)) {
            String sql = "INSERT INTO ledger_account (village_id, id, kind, household_id, balance, entry_count, last_hash, "
                    + "created_at) VALUES " + String.join(", ", Collections.nCopies(part.size(),
                    "(?, ?, ?, ?, 0, 0, ?, ?)")) + " ON CONFLICT DO NOTHING";
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                int p = 1;
                for (Object[] r : part) {
                    ps.setLong(p++, (Long) r[0]);
                    ps.setObject(p++, r[1]);
                    ps.setString(p++, (String) r[2]);
                    if (r[3] == null) {
                        ps.setNull(p++, Types.BIGINT);
                    } else {
                        ps.setLong(p++, (Long) r[3]);
                    }
                    ps.setString(p++, (String) r[4]);
                    ps.setTimestamp(p++, (Timestamp) r[5]);
                }
                return ps;
            });
        }
    }

    /** Whether the village has any passbook account (before its first posting it has none, nor any entry). */
    public boolean hasPassbook(long villageId) {
        return !jdbc.queryForList("SELECT 1 FROM ledger_account WHERE village_id = ? AND kind = 'PASSBOOK' LIMIT 1",
                Integer.class, villageId).isEmpty();
    }

    /** Which of these accounts exist (one read per 5,000 ids). */
    public Set<UUID> existingAccounts(long villageId, List<UUID> ids) {
        Set<UUID> existing = new HashSet<>();
        queryByList("SELECT id FROM ledger_account WHERE village_id = :v AND id %s", villageId, "uuid", ids,
                rs -> {
                    existing.add(rs.getObject(1, UUID.class));
                });
        return existing;
    }

    /** Rows per multi-row INSERT of accounts: 2,000 × 10 parameters stays under PostgreSQL's 32,767. */
    private static final int ACCOUNTS_PER_INSERT = 2000;

    /**
     * Creates passbook accounts already in their (sealed) state, in id order; an account another transaction created
     * meanwhile is left alone (ON CONFLICT DO NOTHING). Returns how many rows this call inserted, so the caller knows
     * whether every account is its own. PostgreSQL and Citus count the ids the array insert returns: through the
     * Citus coordinator the update count of an INSERT … SELECT did not drop the rows the conflict skipped, and a plain
     * INSERT's duplicate key came back as an internal error (XX000), not as one (LedgerRegressionTest).
     */
    public int insertPassbookAccounts(long villageId, List<AccountState> states, Map<UUID, Long> households,
                                      OffsetDateTime now) {
        List<AccountState> sorted = new ArrayList<>(states);
        sorted.sort(Comparator.comparing(AccountState::id, Ledger.DB_ORDER));
        Timestamp at = Timestamp.from(now.toInstant());
        String into = "INSERT INTO ledger_account (village_id, id, kind, household_id, balance, entry_count, last_hash, "
                + "score, seal, created_at) ";
        if (asArrays(sorted.size())) {
            // one statement; unnest keeps the arrays' (id) order, so the rows are still inserted in id order
            ColumnArrays<AccountState> arrays = new ColumnArrays<AccountState>()
                    .column("uuid", AccountState::id)
                    .column("int8", s -> households.get(s.id()))
                    .column("int8", AccountState::balance)
                    .column("int8", AccountState::entryCount)
                    .column("varchar", AccountState::lastHash)
                    .column("int8", AccountState::score)
                    .column("varchar", AccountState::seal);
            String sql = into + "SELECT CAST(? AS BIGINT), u.id, 'PASSBOOK', u.household_id, u.balance, u.entry_count, "
                    + "u.last_hash, u.score, u.seal, CAST(? AS TIMESTAMP WITH TIME ZONE) FROM " + arrays.unnest()
                    + " AS u (id, household_id, balance, entry_count, last_hash, score, seal) "
                    + "ON CONFLICT DO NOTHING RETURNING id";
            int[] inserted = {0};
            jdbc.query(con -> {
                var ps = con.prepareStatement(sql);
                ps.setLong(1, villageId);
                ps.setTimestamp(2, at);
                arrays.bind(con, ps, 3, sorted);
                return ps;
            }, (ResultSet rs) -> {
                inserted[0]++;
            });
            return inserted[0];
        }
        int inserted = 0;
        for (int from = 0; from < sorted.size(); from += ACCOUNTS_PER_INSERT) {
            List<AccountState> part = sorted.subList(from, Math.min(sorted.size(), from + ACCOUNTS_PER_INSERT));
            String sql = into + "VALUES " + String.join(", ", Collections.nCopies(part.size(),
                    "(?, ?, 'PASSBOOK', ?, ?, ?, ?, ?, ?, ?)")) + " ON CONFLICT DO NOTHING";
            inserted += jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                int p = 1;
                for (AccountState s : part) {
                    ps.setLong(p++, villageId);
                    ps.setObject(p++, s.id());
                    ps.setLong(p++, households.get(s.id()));
                    ps.setLong(p++, s.balance());
                    ps.setLong(p++, s.entryCount());
                    ps.setString(p++, s.lastHash());
                    ps.setLong(p++, s.score());
                    ps.setString(p++, s.seal());
                    ps.setTimestamp(p++, at);
                }
                return ps;
            });
        }
        return inserted;
    }

    /** Locks passbook accounts in id order (so two batches never deadlock) and returns their state. */
    public Map<UUID, AccountState> lock(long villageId, List<UUID> sortedIds) {
        Map<UUID, AccountState> states = new LinkedHashMap<>();
        queryByList("""
                SELECT id, balance, entry_count, last_hash, score FROM ledger_account
                WHERE village_id = :v AND id %s ORDER BY id FOR UPDATE""", villageId, "uuid", sortedIds,
                rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    states.put(id, new AccountState(id, rs.getLong("balance"), rs.getLong("entry_count"),
                            rs.getString("last_hash"), rs.getLong("score")));
                });
        return states;
    }

    /**
     * Runs a query of one village ({@code :v}) over a list of values, which {@code sql} names by {@code %s}. On
     * PostgreSQL, from {@link #ARRAY_ROWS} values, one statement takes the whole list as one array
     * ({@code = ANY(CAST(:list AS type[]))}): a batch award's 10,000 keys are not expanded into 5,000 placeholders per
     * statement to parse and bind. Otherwise IN lists of up to {@link #CHUNK} values, in order.
     */
    private void queryByList(String sql, long villageId, String type, List<?> values, RowCallbackHandler rows) {
        if (asArrays(values.size())) {
            Object[] array = values.toArray();
            named.query(sql.formatted("= ANY(CAST(:list AS " + type + "[]))"), new MapSqlParameterSource("v", villageId)
                    .addValue("list", new AbstractSqlTypeValue() {
                        @Override
                        protected Object createTypeValue(Connection con, int sqlType, String typeName) throws SQLException {
                            return con.createArrayOf(type, array);
                        }
                    }, Types.ARRAY), rows);
            return;
        }
        for (List<?> chunk : chunks(values)) {
            named.query(sql.formatted("IN (:list)"), new MapSqlParameterSource("v", villageId).addValue("list", chunk), rows);
        }
    }

    /** A passbook account locked for one posting, with what the posting decides on under that lock. */
    public record LockedPassbook(AccountState state, UUID keyPostingId, LocalDate lastVetoOn) { }

    /**
     * The single posting's one read (issue #17): locks the passbook account row and, in the same statement, finds the
     * posting that already used the key and the day of the household's latest veto still in force. A twin with the
     * same key that commits while this statement waits for the lock is not seen here (the statement's snapshot is
     * older), but its entry is: the INSERT then fails on the key's unique constraint and the posting is retried.
     */
    public Optional<LockedPassbook> lockPassbook(long villageId, UUID accountId, long householdId, String key) {
        return named.query("""
                SELECT a.id, a.balance, a.entry_count, a.last_hash, a.score,
                  (SELECT k.posting_id FROM ledger_entry k WHERE k.village_id = :v AND k.idempotency_key = :k) AS key_posting,
                  (SELECT MAX(e.posted_on) FROM ledger_veto w
                     JOIN ledger_entry e ON e.village_id = w.village_id AND e.posting_id = w.posting_id AND e.leg_no = 0
                    WHERE w.village_id = :v AND w.household_id = :h
                      AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.village_id = :v
                                      AND r.reverses_posting_id = w.posting_id)) AS last_veto
                FROM ledger_account a WHERE a.village_id = :v AND a.id = :id FOR UPDATE""",
                new MapSqlParameterSource("v", villageId).addValue("id", accountId).addValue("h", householdId)
                        .addValue("k", key),
                (rs, i) -> new LockedPassbook(new AccountState(rs.getObject("id", UUID.class), rs.getLong("balance"),
                        rs.getLong("entry_count"), rs.getString("last_hash"), rs.getLong("score")),
                        rs.getObject("key_posting", UUID.class), rs.getObject("last_veto", LocalDate.class)))
                .stream().findFirst();
    }

    private static final int[] LEG_TYPES = {Types.BIGINT, Types.OTHER, Types.OTHER, Types.SMALLINT, Types.OTHER,
            Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.DATE,
            Types.TIMESTAMP, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.OTHER, Types.BIGINT,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.BIGINT};
    /** Rows per multi-row INSERT: 400 × 26 parameters stays well under the drivers' parameter limits. */
    private static final int ROWS_PER_INSERT = 400;

    /**
     * From how many rows PostgreSQL gets a batch's rows as column arrays ({@link ColumnArrays}) rather than multi-row
     * VALUES: a single posting (two legs, up to three month rows, one account) keeps the plain statements the Citus
     * routing test has seen on the counter's and the village's hot paths (docs/citus.md).
     */
    static final int ARRAY_ROWS = 8;

    private boolean asArrays(int rows) {
        return rows >= ARRAY_ROWS && postgres();
    }

    /** A new entry with its village sequence number (null for a system leg). */
    private record NewEntry(Leg leg, Long villageSeq) { }

    /** The columns of {@link #LEG_COLUMNS} after village_id, then village_seq, for PostgreSQL's array insert. */
    private static final ColumnArrays<NewEntry> ENTRY_ARRAYS = new ColumnArrays<NewEntry>()
            .column("uuid", e -> e.leg().id())
            .column("uuid", e -> e.leg().postingId())
            .column("int2", e -> e.leg().legNo())
            .column("uuid", e -> e.leg().accountId())
            .column("int8", e -> e.leg().householdId())
            .column("int8", e -> e.leg().amount())
            .column("int8", e -> e.leg().scoreDelta())
            .column("int8", e -> e.leg().balanceAfter())
            .column("int8", e -> e.leg().seq())
            .column("varchar", e -> e.leg().kind().name())
            .column("date", e -> e.leg().postedOn())
            .column("timestamptz", e -> e.leg().createdAt())
            .column("int8", e -> e.leg().residentId())
            .column("varchar", e -> e.leg().sourceType())
            .column("varchar", e -> e.leg().sourceRef())
            .column("varchar", e -> e.leg().itemLabel())
            .column("uuid", e -> e.leg().reversesPostingId())
            .column("int8", e -> e.leg().actorId())
            .column("varchar", e -> e.leg().actorName())
            .column("varchar", e -> e.leg().reason())
            .column("varchar", e -> e.leg().idempotencyKey())
            .column("varchar", e -> e.leg().requestHash())
            .column("varchar", e -> e.leg().prevHash())
            .column("varchar", e -> e.leg().hash())
            .column("int8", NewEntry::villageSeq);

    /**
     * Appends legs of one village. PostgreSQL, from {@link #ARRAY_ROWS} legs: one INSERT … SELECT FROM unnest of
     * column arrays for the whole batch. Otherwise multi-row INSERTs: a batch award on H2 writes 20,000 legs in 50
     * statements, not 20,000.
     */
    public void insert(List<Leg> legs, Map<UUID, Long> villageSeqs) {
        if (asArrays(legs.size())) {
            List<NewEntry> rows = new ArrayList<>(legs.size());
            for (Leg l : legs) {
                rows.add(new NewEntry(l, villageSeqs.get(l.id())));
            }
            long villageId = legs.get(0).villageId();
            String sql = "INSERT INTO ledger_entry (" + LEG_COLUMNS + ", village_seq) SELECT CAST(? AS BIGINT), u.* FROM "
                    + ENTRY_ARRAYS.unnest() + " AS u";
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                ps.setLong(1, villageId);
                ENTRY_ARRAYS.bind(con, ps, 2, rows);
                return ps;
            });
            return;
        }
        for (int from = 0; from < legs.size(); from += ROWS_PER_INSERT) {
            List<Leg> part = legs.subList(from, Math.min(legs.size(), from + ROWS_PER_INSERT));
            String sql = insertLegsSql(part.size());
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                bindLegs(ps, 1, part, villageSeqs);
                return ps;
            });
        }
    }

    private static String insertLegsSql(int rows) {
        String row = "(" + "?, ".repeat(LEG_TYPES.length - 1) + "?)";
        return "INSERT INTO ledger_entry (" + LEG_COLUMNS + ", village_seq) VALUES "
                + String.join(", ", Collections.nCopies(rows, row));
    }

    /** Binds the legs' values from parameter {@code p} on; answers the next parameter's index. */
    private static int bindLegs(PreparedStatement ps, int p, List<Leg> legs, Map<UUID, Long> villageSeqs)
            throws SQLException {
        for (Leg l : legs) {
            Object[] values = {l.villageId(), l.id(), l.postingId(), l.legNo(), l.accountId(), l.householdId(),
                    l.amount(), l.scoreDelta(), l.balanceAfter(), l.seq(), l.kind().name(), l.postedOn(),
                    Timestamp.from(l.createdAt().toInstant()), l.residentId(), l.sourceType(), l.sourceRef(),
                    l.itemLabel(), l.reversesPostingId(), l.actorId(), l.actorName(), l.reason(),
                    l.idempotencyKey(), l.requestHash(), l.prevHash(), l.hash(), villageSeqs.get(l.id())};
            for (int c = 0; c < values.length; c++, p++) {
                if (values[c] == null) {
                    ps.setNull(p, LEG_TYPES[c]);
                } else if (values[c] instanceof LocalDate d) {
                    ps.setObject(p, d);
                } else {
                    ps.setObject(p, values[c]);
                }
            }
        }
        return p;
    }

    /**
     * Writes one posting (issue #17): its legs, the moved village head, the passbook account's new state and the
     * month totals. On PostgreSQL one statement, the three others as data-modifying CTEs of the legs' INSERT (they
     * touch different tables, so none needs to see another's rows; the account and the village head are locked by
     * this transaction already); H2 has no data-modifying CTE and sends the four statements.
     */
    public void writePosting(long villageId, List<Leg> legs, VillageChain.Move head, AccountState account,
                             PeriodTotals totals, OffsetDateTime now) {
        List<Map.Entry<PeriodTotals.Key, long[]>> rows = new ArrayList<>(totals.rows().entrySet());
        if (!postgres() || legs.size() > ROWS_PER_INSERT || rows.size() > TOTAL_ROWS_PER_MERGE) {
            updateVillage(villageId, head.entryCount(), head.headHash(), head.seal(), now);
            insert(legs, head.seqs());
            updateAccounts(villageId, List.of(account));
            mergeTotals(villageId, totals);
            return;
        }
        String sql = "WITH village AS (UPDATE ledger_village SET entry_count = ?, head_hash = ?, seal = ?, updated_at = ? "
                + "WHERE village_id = ?), account AS (UPDATE ledger_account SET balance = ?, entry_count = ?, "
                + "last_hash = ?, score = ?, seal = ? WHERE village_id = ? AND id = ?)"
                + (rows.isEmpty() ? "" : ", totals AS (" + upsertTotalsSql(rows.size()) + ")")
                + " " + insertLegsSql(legs.size());
        jdbc.update(con -> {
            var ps = con.prepareStatement(sql);
            int p = 1;
            ps.setLong(p++, head.entryCount());
            ps.setString(p++, head.headHash());
            ps.setString(p++, head.seal());
            ps.setTimestamp(p++, Timestamp.from(now.toInstant()));
            ps.setLong(p++, villageId);
            ps.setLong(p++, account.balance());
            ps.setLong(p++, account.entryCount());
            ps.setString(p++, account.lastHash());
            ps.setLong(p++, account.score());
            ps.setString(p++, account.seal());
            ps.setLong(p++, villageId);
            ps.setObject(p++, account.id());
            p = bindTotals(ps, p, villageId, rows);
            bindLegs(ps, p, legs, head.seqs());
            return ps;
        });
    }

    /** Writes the new cached state of the (already locked) accounts: one MERGE per 5,000 accounts. */
    public void updateAccounts(long villageId, Collection<AccountState> states) {
        List<AccountState> all = new ArrayList<>(states);
        if (all.size() == 1) {
            AccountState s = all.get(0);
            jdbc.update("UPDATE ledger_account SET balance = ?, entry_count = ?, last_hash = ?, score = ?, seal = ? "
                    + "WHERE village_id = ? AND id = ?",
                    s.balance(), s.entryCount(), s.lastHash(), s.score(), s.seal(), villageId, s.id());
            return;
        }
        if (asArrays(all.size())) {
            // as below, the village id written into the SQL (Citus); the accounts as column arrays, one statement
            ColumnArrays<AccountState> arrays = new ColumnArrays<AccountState>()
                    .column("uuid", AccountState::id)
                    .column("int8", AccountState::balance)
                    .column("int8", AccountState::entryCount)
                    .column("varchar", AccountState::lastHash)
                    .column("int8", AccountState::score)
                    .column("varchar", AccountState::seal);
            String sql = "UPDATE ledger_account a SET balance = v.balance, entry_count = v.entry_count, "
                    + "last_hash = v.last_hash, score = v.score, seal = v.seal FROM " + arrays.unnest() + " AS v (id, "
                    + "balance, entry_count, last_hash, score, seal) WHERE a.village_id = " + villageId + " AND a.id = v.id";
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                arrays.bind(con, ps, 1, all);
                return ps;
            });
            return;
        }
        for (List<AccountState> part : chunks(all)) {
            String rows = String.join(", ", Collections.nCopies(part.size(),
                    "(CAST(? AS UUID), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS VARCHAR(64)), CAST(? AS BIGINT), "
                            + "CAST(? AS VARCHAR(64)))"));
            // H2 has no UPDATE ... FROM; Citus takes no MERGE whose source is not a Citus table (docs/citus.md).
            // The village id is written into the SQL, not bound: once PostgreSQL caches a generic plan for the
            // statement (from its sixth run on a connection), Citus cannot prune a bound one in an UPDATE ... FROM
            // and sends the update to every shard; a literal keeps it on the village's shard (CitusRoutingTest).
            boolean literal = postgres();
            String sql = literal
                    ? "UPDATE ledger_account a SET balance = v.balance, entry_count = v.entry_count, "
                    + "last_hash = v.last_hash, score = v.score, seal = v.seal FROM (VALUES " + rows + ") AS v (id, "
                    + "balance, entry_count, last_hash, score, seal) WHERE a.village_id = " + villageId + " AND a.id = v.id"
                    : "MERGE INTO ledger_account a USING (VALUES " + rows + ") AS v (id, balance, entry_count, last_hash, "
                    + "score, seal) ON a.village_id = ? AND a.id = v.id "
                    + "WHEN MATCHED THEN UPDATE SET balance = v.balance, entry_count = v.entry_count, last_hash = v.last_hash, "
                    + "score = v.score, seal = v.seal";
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                int p = 1;
                for (AccountState s : part) {
                    ps.setObject(p++, s.id());
                    ps.setLong(p++, s.balance());
                    ps.setLong(p++, s.entryCount());
                    ps.setString(p++, s.lastHash());
                    ps.setLong(p++, s.score());
                    ps.setString(p++, s.seal());
                }
                if (!literal) {
                    ps.setLong(p, villageId);
                }
                return ps;
            });
        }
    }

    // ---------------------------------------------------------------- period totals (ledger_period_total)

    /** Rows per MERGE or upsert: 1,000 × 22 parameters stays under PostgreSQL's 32,767. */
    private static final int TOTAL_ROWS_PER_MERGE = 1000;
    private static final String TOTAL_SUMS = String.join(", ", PeriodTotals.COLUMNS);

    /**
     * Adds a posting transaction's totals to ledger_period_total: one MERGE for up to 1,000 rows (a single
     * posting: its household's, resident's and village's month in one statement). Called with the household
     * accounts and the village head locked, so no other transaction merges the same rows meanwhile.
     */
    public void mergeTotals(long villageId, PeriodTotals totals) {
        List<Map.Entry<PeriodTotals.Key, long[]>> all = new ArrayList<>(totals.rows().entrySet());
        if (postgres()) {
            upsertTotals(villageId, all);
            return;
        }
        StringBuilder set = new StringBuilder();
        StringBuilder vals = new StringBuilder();
        for (String c : PeriodTotals.COLUMNS) {
            set.append(set.isEmpty() ? "" : ", ").append(c).append(" = t.").append(c).append(" + v.").append(c);
            vals.append(", v.").append(c);
        }
        for (int from = 0; from < all.size(); from += TOTAL_ROWS_PER_MERGE) {
            List<Map.Entry<PeriodTotals.Key, long[]>> part = all.subList(from, Math.min(all.size(), from + TOTAL_ROWS_PER_MERGE));
            // the same rows as the upsert's VALUES (village id first), bound by the same bindTotals
            String sql = "MERGE INTO ledger_period_total t USING (VALUES "
                    + String.join(", ", Collections.nCopies(part.size(), TOTAL_ROW))
                    + ") AS v (village_id, household_id, resident_id, month_start, kind, item_label, " + TOTAL_SUMS + ") "
                    + "ON t.village_id = v.village_id AND t.household_id = v.household_id "
                    + "AND t.resident_id = v.resident_id AND t.month_start = v.month_start AND t.kind = v.kind "
                    + "AND t.item_label = v.item_label "
                    + "WHEN MATCHED THEN UPDATE SET " + set + " "
                    + "WHEN NOT MATCHED THEN INSERT (village_id, household_id, resident_id, month_start, kind, item_label, "
                    + TOTAL_SUMS + ") VALUES (v.village_id, v.household_id, v.resident_id, v.month_start, v.kind, "
                    + "v.item_label" + vals + ")";
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                bindTotals(ps, 1, villageId, part);
                return ps;
            });
        }
    }

    /**
     * PostgreSQL (and Citus, which takes no MERGE whose source is not a Citus table; docs/citus.md): the same sums
     * as {@link #mergeTotals} with INSERT ... ON CONFLICT DO UPDATE on the primary key (which starts with village_id).
     */
    private void upsertTotals(long villageId, List<Map.Entry<PeriodTotals.Key, long[]>> all) {
        if (asArrays(all.size())) {
            upsertTotalsAsArrays(villageId, all);
            return;
        }
        for (int from = 0; from < all.size(); from += TOTAL_ROWS_PER_MERGE) {
            List<Map.Entry<PeriodTotals.Key, long[]>> part = all.subList(from, Math.min(all.size(), from + TOTAL_ROWS_PER_MERGE));
            String sql = upsertTotalsSql(part.size());
            jdbc.update(con -> {
                var ps = con.prepareStatement(sql);
                bindTotals(ps, 1, villageId, part);
                return ps;
            });
        }
    }

    /** What both upserts of the month totals do when the row exists: add the new sums to the stored ones. */
    private static final String TOTALS_ADDED =
            " ON CONFLICT (village_id, household_id, resident_id, month_start, kind, item_label) DO UPDATE SET "
                    + Arrays.stream(PeriodTotals.COLUMNS).map(c -> c + " = t." + c + " + EXCLUDED." + c)
                    .collect(Collectors.joining(", "));

    /** One row of month totals as bound by {@link #bindTotals}: village, household, resident, month, kind, label, sums. */
    private static final String TOTAL_ROW = "(CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS DATE), "
            + "CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(200))" + ", CAST(? AS BIGINT)".repeat(PeriodTotals.COLUMNS.length)
            + ")";

    private static String upsertTotalsSql(int rows) {
        return "INSERT INTO ledger_period_total AS t (village_id, household_id, resident_id, month_start, kind, "
                + "item_label, " + TOTAL_SUMS + ") VALUES " + String.join(", ", Collections.nCopies(rows, TOTAL_ROW))
                + TOTALS_ADDED;
    }

    /** Binds {@link #TOTAL_ROW}s (the upsert's and H2's MERGE) from parameter {@code p} on; answers the next index. */
    private static int bindTotals(PreparedStatement ps, int p, long villageId,
                                  List<Map.Entry<PeriodTotals.Key, long[]>> rows) throws SQLException {
        for (var e : rows) {
            ps.setLong(p++, villageId);
            ps.setLong(p++, e.getKey().householdId());
            ps.setLong(p++, e.getKey().residentId());
            ps.setObject(p++, e.getKey().monthStart());
            ps.setString(p++, e.getKey().kind());
            ps.setString(p++, e.getKey().label());
            for (long x : e.getValue()) {
                ps.setLong(p++, x);
            }
        }
        return p;
    }

    /** {@link #upsertTotals} in one statement: the rows as column arrays (a batch award: 10,001 rows). */
    private void upsertTotalsAsArrays(long villageId, List<Map.Entry<PeriodTotals.Key, long[]>> all) {
        ColumnArrays<Map.Entry<PeriodTotals.Key, long[]>> arrays = new ColumnArrays<Map.Entry<PeriodTotals.Key, long[]>>()
                .column("int8", e -> e.getKey().householdId())
                .column("int8", e -> e.getKey().residentId())
                .column("date", e -> e.getKey().monthStart())
                .column("varchar", e -> e.getKey().kind())
                .column("varchar", e -> e.getKey().label());
        for (int i = 0; i < PeriodTotals.COLUMNS.length; i++) {
            int c = i;
            arrays.column("int8", e -> e.getValue()[c]);
        }
        String sql = "INSERT INTO ledger_period_total AS t (village_id, household_id, resident_id, month_start, kind, "
                + "item_label, " + TOTAL_SUMS + ") SELECT CAST(? AS BIGINT), u.* FROM " + arrays.unnest() + " AS u"
                + TOTALS_ADDED;
        jdbc.update(con -> {
            var ps = con.prepareStatement(sql);
            ps.setLong(1, villageId);
            arrays.bind(con, ps, 2, all);
            return ps;
        });
    }

    /** Every stored total row of a village (for verify). */
    public Map<PeriodTotals.Key, long[]> totals(long villageId) {
        Map<PeriodTotals.Key, long[]> m = new HashMap<>();
        jdbc.query("SELECT household_id, resident_id, month_start, kind, item_label, " + TOTAL_SUMS
                        + " FROM ledger_period_total WHERE village_id = ?",
                (ResultSet rs) -> {
                    long[] v = new long[PeriodTotals.COLUMNS.length];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = rs.getLong(6 + i);
                    }
                    m.put(new PeriodTotals.Key(rs.getLong(1), rs.getLong(2), rs.getObject(3, LocalDate.class),
                            rs.getString(4), rs.getString(5)), v);
                }, villageId);
        return m;
    }

    /** A household's score over whole months [fromMonth, toMonth] (first days), from its month totals. */
    public long householdScoreByMonths(long villageId, long householdId, LocalDate fromMonth, LocalDate toMonth) {
        Long s = jdbc.queryForObject("""
                SELECT COALESCE(SUM(score), 0) FROM ledger_period_total
                WHERE village_id = ? AND household_id = ? AND resident_id = 0 AND month_start BETWEEN ? AND ?""",
                Long.class, villageId, householdId, fromMonth, toMonth);
        return s == null ? 0 : s;
    }

    /** A resident's score over whole months, from the resident rows of the month totals. */
    public long residentScoreByMonths(long villageId, long residentId, LocalDate fromMonth, LocalDate toMonth) {
        Long s = jdbc.queryForObject("""
                SELECT COALESCE(SUM(score), 0) FROM ledger_period_total
                WHERE village_id = ? AND resident_id = ? AND household_id > 0 AND month_start BETWEEN ? AND ?""",
                Long.class, villageId, residentId, fromMonth, toMonth);
        return s == null ? 0 : s;
    }

    /** Score of every household of the village with a posting in the whole months, from the month totals. */
    public Map<Long, Long> villageScoresByMonths(long villageId, LocalDate fromMonth, LocalDate toMonth) {
        Map<Long, Long> scores = new LinkedHashMap<>();
        jdbc.query("""
                SELECT household_id, SUM(score) AS score FROM ledger_period_total
                WHERE village_id = ? AND resident_id = 0 AND month_start BETWEEN ? AND ? AND household_id > 0
                GROUP BY household_id ORDER BY score DESC, household_id""",
                (ResultSet rs) -> {
                    scores.put(rs.getLong(1), rs.getLong(2));
                }, villageId, fromMonth, toMonth);
        return scores;
    }

    /** The village's posted totals over whole months, from its village rows. */
    public PostedTotals postedTotalsByMonths(long villageId, LocalDate fromMonth, LocalDate toMonth) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(score_plus), 0), COALESCE(SUM(score_minus), 0), COALESCE(SUM(postings), 0)
                FROM ledger_period_total
                WHERE village_id = ? AND household_id = 0 AND resident_id = 0 AND month_start BETWEEN ? AND ?""",
                (rs, i) -> new PostedTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3)), villageId, fromMonth, toMonth);
    }

    public void insertVeto(long villageId, long householdId, int year, UUID postingId, Long residentId) {
        jdbc.update("INSERT INTO ledger_veto (village_id, household_id, veto_year, posting_id, resident_id) VALUES (?, ?, ?, ?, ?)",
                villageId, householdId, year, postingId, residentId);
    }

    /** The legs of a posting, passbook leg first. */
    public List<Leg> posting(long villageId, UUID postingId) {
        return jdbc.query("SELECT " + LEG_COLUMNS + " FROM ledger_entry WHERE village_id = ? AND posting_id = ? ORDER BY leg_no",
                LEG, villageId, postingId);
    }

    public boolean isReversed(long villageId, UUID postingId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE village_id = ? AND reverses_posting_id = ?",
                Long.class, villageId, postingId);
        return n != null && n > 0;
    }

    public long householdScore(long villageId, long householdId, LocalDate from, LocalDate to) {
        Long s = jdbc.queryForObject("""
                SELECT COALESCE(SUM(score_delta), 0) FROM ledger_entry
                WHERE village_id = ? AND household_id = ? AND posted_on BETWEEN ? AND ?""",
                Long.class, villageId, householdId, from, to);
        return s == null ? 0 : s;
    }

    public long residentScore(long villageId, long residentId, LocalDate from, LocalDate to) {
        Long s = jdbc.queryForObject("""
                SELECT COALESCE(SUM(score_delta), 0) FROM ledger_entry
                WHERE village_id = ? AND resident_id = ? AND leg_no = 0 AND posted_on BETWEEN ? AND ?""",
                Long.class, villageId, residentId, from, to);
        return s == null ? 0 : s;
    }

    /** Score of every household of the village with an entry in the period. */
    public Map<Long, Long> villageScores(long villageId, LocalDate from, LocalDate to) {
        Map<Long, Long> scores = new LinkedHashMap<>();
        jdbc.query("""
                SELECT household_id, SUM(score_delta) AS score FROM ledger_entry
                WHERE village_id = ? AND posted_on BETWEEN ? AND ? AND leg_no = 0
                GROUP BY household_id ORDER BY score DESC, household_id""",
                (ResultSet rs) -> {
                    scores.put(rs.getLong(1), rs.getLong(2));
                }, villageId, from, to);
        return scores;
    }

    public Optional<Long> balance(long villageId, UUID accountId) {
        return jdbc.query("SELECT balance FROM ledger_account WHERE village_id = ? AND id = ?",
                (rs, i) -> rs.getLong(1), villageId, accountId).stream().findFirst();
    }

    public long systemBalance(long villageId, UUID accountId) {
        Long s = jdbc.queryForObject("SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE village_id = ? AND account_id = ?",
                Long.class, villageId, accountId);
        return s == null ? 0 : s;
    }

    public List<Leg> statement(long villageId, UUID accountId, int limit, long offset) {
        return jdbc.query("SELECT " + LEG_COLUMNS + " FROM ledger_entry WHERE village_id = ? AND account_id = ? "
                + "ORDER BY seq DESC LIMIT ? OFFSET ?", LEG, villageId, accountId, limit, offset);
    }

    public Set<UUID> reversedAmong(long villageId, Collection<UUID> postingIds) {
        Set<UUID> out = new HashSet<>();
        for (List<UUID> chunk : chunks(new ArrayList<>(postingIds))) {
            out.addAll(named.queryForList("SELECT reverses_posting_id FROM ledger_entry WHERE village_id = :v AND reverses_posting_id IN (:p)",
                    new MapSqlParameterSource("v", villageId).addValue("p", chunk), UUID.class));
        }
        return out;
    }

    public long entryCount(long villageId, UUID accountId) {
        // a household without postings has no account row yet: its statement is empty, not an error
        return jdbc.query("SELECT entry_count FROM ledger_account WHERE village_id = ? AND id = ?",
                (rs, i) -> rs.getLong(1), villageId, accountId).stream().findFirst().orElse(0L);
    }

    public boolean vetoed(long villageId, long householdId, int year) {
        Long n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_veto v WHERE v.village_id = ? AND v.household_id = ? AND v.veto_year = ?
                AND NOT EXISTS (SELECT 1 FROM ledger_entry e WHERE e.village_id = v.village_id
                                AND e.reverses_posting_id = v.posting_id)""", Long.class, villageId, householdId, year);
        return n != null && n > 0;
    }

    /** The posting day of the household's latest veto that has not been reversed. */
    public Optional<LocalDate> lastVetoOn(long villageId, long householdId) {
        List<LocalDate> days = jdbc.query("""
                SELECT MAX(e.posted_on) FROM ledger_veto v
                JOIN ledger_entry e ON e.village_id = v.village_id AND e.posting_id = v.posting_id AND e.leg_no = 0
                WHERE v.village_id = ? AND v.household_id = ?
                AND NOT EXISTS (SELECT 1 FROM ledger_entry r WHERE r.village_id = v.village_id
                                AND r.reverses_posting_id = v.posting_id)""",
                (rs, i) -> rs.getObject(1, LocalDate.class), villageId, householdId);
        return days.isEmpty() ? Optional.empty() : Optional.ofNullable(days.get(0));
    }

    /** (posting, household, year, resident) of every veto marker of a village. */
    public List<Object[]> vetoes(long villageId) {
        return jdbc.query("SELECT posting_id, household_id, veto_year, resident_id FROM ledger_veto WHERE village_id = ?",
                (rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getLong(2), rs.getInt(3),
                        (Long) rs.getObject(4, Long.class)}, villageId);
    }

    public List<Long> villageIds() {
        return jdbc.queryForList("SELECT village_id FROM ledger_account UNION SELECT village_id FROM ledger_village "
                + "ORDER BY 1", Long.class);
    }

    /** Streams a village's passbook accounts with their cached state, in id order. */
    public void eachPassbookAccount(long villageId, Consumer<Object[]> sink) {
        jdbc.query("SELECT id, household_id, balance, entry_count, last_hash, score, seal FROM ledger_account "
                        + "WHERE village_id = ? AND kind = 'PASSBOOK' ORDER BY id",
                (ResultSet rs) -> {
                    sink.accept(new Object[] {rs.getObject(1, UUID.class), (Long) rs.getObject(2, Long.class), rs.getLong(3),
                            rs.getLong(4), rs.getString(5), rs.getLong(6), rs.getString(7)});
                }, villageId);
    }

    /** Streams every leg of a village (with its village sequence number, null for system legs) by account, seq, posting, leg. */
    public void eachLeg(long villageId, BiConsumer<Leg, Long> sink) {
        jdbc.query("SELECT " + LEG_COLUMNS + ", village_seq FROM ledger_entry WHERE village_id = ? "
                        + "ORDER BY account_id, seq, posting_id, leg_no",
                (ResultSet rs) -> {
                    sink.accept(LEG.mapRow(rs, 0), (Long) rs.getObject("village_seq", Long.class));
                }, villageId);
    }

    /** Creates a village's head row (empty chain) unless it exists. */
    void ensureVillage(long villageId, String genesis, String seal, OffsetDateTime now) {
        jdbc.update("INSERT INTO ledger_village (village_id, entry_count, head_hash, seal, updated_at) VALUES (?, 0, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", villageId, genesis, seal, Timestamp.from(now.toInstant()));
    }

    VillageHead lockVillage(long villageId) {
        return jdbc.queryForObject("SELECT village_id, entry_count, head_hash, seal FROM ledger_village WHERE village_id = ? "
                + "FOR UPDATE", VILLAGE_HEAD, villageId);
    }

    void updateVillage(long villageId, long entryCount, String headHash, String seal, OffsetDateTime now) {
        jdbc.update("UPDATE ledger_village SET entry_count = ?, head_hash = ?, seal = ?, updated_at = ? WHERE village_id = ?",
                entryCount, headHash, seal, Timestamp.from(now.toInstant()), villageId);
    }

    private static final RowMapper<VillageHead> VILLAGE_HEAD = (rs, i) -> new VillageHead(rs.getLong(1), rs.getLong(2),
            rs.getString(3), rs.getString(4));

    public Optional<VillageHead> villageHead(long villageId) {
        return jdbc.query("SELECT village_id, entry_count, head_hash, seal FROM ledger_village WHERE village_id = ?",
                VILLAGE_HEAD, villageId).stream().findFirst();
    }

    /** Whether a posting has a passbook leg (a re-check for records that appeared after verify read the legs). */
    public boolean postingExists(long villageId, UUID postingId) {
        return !jdbc.queryForList("SELECT 1 FROM ledger_entry WHERE village_id = ? AND posting_id = ? AND leg_no = 0",
                Integer.class, villageId, postingId).isEmpty();
    }

    /** Villages with a head row but possibly no account left (all deleted): verify still looks at them. */
    List<Long> villagesWithHead() {
        return jdbc.queryForList("SELECT village_id FROM ledger_village ORDER BY village_id", Long.class);
    }

    static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }

    static Object uuid(ResultSet rs, String col) throws SQLException {
        return rs.getObject(col, UUID.class);
    }

    /** Of the given villages, those with any posting (passbook leg) in the days: one query, grouped by village. */
    public Set<Long> villagesWithPostings(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        Set<Long> out = new HashSet<>();
        for (List<Long> chunk : chunks(new ArrayList<>(villageIds))) {
            out.addAll(named.queryForList("""
                    SELECT village_id FROM ledger_entry WHERE village_id IN (:v) AND posted_on BETWEEN :f AND :t AND leg_no = 0
                    GROUP BY village_id""", new MapSqlParameterSource("v", chunk).addValue("f", from).addValue("t", to),
                    Long.class));
        }
        return out;
    }

    /** A household's passbook legs made after one moment up to another, newest first. */
    public List<Leg> legsBetween(long villageId, UUID accountId, OffsetDateTime after, OffsetDateTime until, int limit) {
        return jdbc.query("SELECT " + LEG_COLUMNS + " FROM ledger_entry WHERE village_id = ? AND account_id = ? "
                + "AND created_at > ? AND created_at <= ? ORDER BY seq DESC LIMIT ?", LEG, villageId, accountId,
                Timestamp.from(after.toInstant()), Timestamp.from(until.toInstant()), limit);
    }

    public long countLegsBetween(long villageId, UUID accountId, OffsetDateTime after, OffsetDateTime until) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_entry WHERE village_id = ? AND account_id = ? "
                + "AND created_at > ? AND created_at <= ?", Long.class, villageId, accountId, Timestamp.from(after.toInstant()),
                Timestamp.from(until.toInstant()));
        return n == null ? 0 : n;
    }

    // ---------------------------------------------------------------- verify runs

    public void insertVerifyRun(Long villageId, OffsetDateTime at, boolean intact, Long brokenVillageId, String problem,
                         long entries) {
        jdbc.update("""
                INSERT INTO ledger_verify_run (village_id, ran_at, intact, broken_village_id, problem, entries_checked)
                VALUES (?, ?, ?, ?, ?, ?)""", villageId, Timestamp.from(at.toInstant()), intact, brokenVillageId, problem, entries);
    }

    /** The latest verify over every village or over one of the given villages. */
    public Optional<VerifyRun> lastVerifyRun(Collection<Long> villageIds) {
        List<Long> ids = villageIds.isEmpty() ? List.of(-1L) : new ArrayList<>(villageIds);
        List<VerifyRun> best = new ArrayList<>();
        for (List<Long> chunk : chunks(ids)) {
            best.addAll(named.query("""
                    SELECT * FROM ledger_verify_run WHERE village_id IS NULL OR village_id IN (:v)
                    ORDER BY ran_at DESC, id DESC LIMIT 1""", new MapSqlParameterSource("v", chunk),
                    (rs, i) -> new VerifyRun(rs.getLong("id"), rs.getObject("village_id", Long.class),
                            rs.getObject("ran_at", OffsetDateTime.class), rs.getBoolean("intact"),
                            rs.getObject("broken_village_id", Long.class), rs.getString("problem"),
                            rs.getLong("entries_checked"))));
        }
        return best.stream().max(Comparator.comparing(VerifyRun::ranAt).thenComparing(VerifyRun::id));
    }

    public List<VillagePosting> villagePostings(long villageId, LocalDate from, LocalDate to, int limit) {
        return jdbc.query("""
                SELECT posting_id, household_id, resident_id, kind, posted_on, item_label, score_delta FROM ledger_entry
                WHERE village_id = ? AND posted_on BETWEEN ? AND ? AND leg_no = 0
                ORDER BY posted_on DESC, created_at DESC""" + " LIMIT " + limit,
                (rs, i) -> new VillagePosting(rs.getObject("posting_id", UUID.class), rs.getLong("household_id"),
                        rs.getObject("resident_id", Long.class), PostingKind.valueOf(rs.getString("kind")),
                        rs.getObject("posted_on", LocalDate.class), rs.getString("item_label"), rs.getLong("score_delta")),
                villageId, from, to);
    }

    public PostedTotals postedTotals(long villageId, LocalDate from, LocalDate to) {
        return jdbc.queryForObject("""
                SELECT COALESCE(SUM(CASE WHEN score_delta > 0 THEN score_delta ELSE 0 END), 0),
                       COALESCE(SUM(CASE WHEN score_delta < 0 THEN -score_delta ELSE 0 END), 0), COUNT(*)
                FROM ledger_entry WHERE village_id = ? AND posted_on BETWEEN ? AND ? AND leg_no = 0""",
                (rs, i) -> new PostedTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3)), villageId, from, to);
    }
}
