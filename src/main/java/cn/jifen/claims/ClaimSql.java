package cn.jifen.claims;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL of the claims module. */
@Repository
class ClaimSql {
    private static final String SELECT = """
            SELECT c.*, cat.name || '：' || v.name AS item_label, p.number AS passbook_number, r.name AS resident_name
            FROM claim c
            JOIN rule_item_version v ON v.item_id = c.item_id AND v.version = c.item_version
            JOIN rule_item i ON i.id = c.item_id
            JOIN rule_category cat ON cat.id = i.category_id
            LEFT JOIN passbook p ON p.village_id = c.village_id AND p.household_id = c.household_id
            LEFT JOIN resident r ON r.village_id = c.village_id AND r.id = c.resident_id
            """;

    private final JdbcClient jdbc;

    ClaimSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Claim claim(ResultSet rs, int i) throws SQLException {
        String posting = rs.getString("posting_id");
        return new Claim(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("household_id"),
                rs.getObject("resident_id", Long.class), rs.getLong("item_id"), rs.getInt("item_version"),
                rs.getString("item_code"), rs.getString("item_label"), rs.getInt("points"),
                rs.getObject("occurred_on", LocalDate.class), rs.getString("note"),
                ClaimStatus.valueOf(rs.getString("status")), rs.getBoolean("self_declared"), rs.getBoolean("on_behalf"),
                rs.getBoolean("likely_duplicate"), rs.getLong("recorded_by"), rs.getString("recorded_by_name"),
                rs.getString("recorder_role"), rs.getObject("recorded_at", OffsetDateTime.class),
                rs.getObject("first_approver", Long.class), rs.getString("first_approver_name"),
                rs.getObject("decided_by", Long.class), rs.getString("decided_by_name"),
                rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_reason"),
                rs.getObject("publicity_ends_at", OffsetDateTime.class),
                posting == null ? null : UUID.fromString(posting), rs.getObject("posted_at", OffsetDateTime.class),
                rs.getString("passbook_number"), rs.getString("resident_name"));
    }

    /** Serialises claims of one household (caps and units are checked under this lock). */
    void lockHousehold(long villageId, long householdId) {
        jdbc.sql("SELECT id FROM household WHERE village_id = :v AND id = :h FOR UPDATE")
                .param("v", villageId).param("h", householdId).query(Long.class).list();
    }

    Optional<Claim> byId(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE c.village_id = :v AND c.id = :id").param("v", villageId).param("id", id)
                .query(ClaimSql::claim).optional();
    }

    /** Locks the claim row for a state change. */
    Optional<Claim> lock(long villageId, long id) {
        jdbc.sql("SELECT id FROM claim WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
        return byId(villageId, id);
    }

    /** Points of counting (not rejected) claims of the item in the period, for a household or one resident. */
    long pointsInPeriod(long villageId, long householdId, Long residentId, long itemId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(points), 0) FROM claim
                WHERE village_id = :v AND item_id = :item AND occurred_on BETWEEN :f AND :t AND status NOT IN ('REJECTED', 'REVERSED')""" + " AND " + (residentId == null ? "household_id = :h" : "resident_id = :r"))
                .param("v", villageId).param("item", itemId).param("f", from).param("t", to)
                .param("h", householdId).param("r", residentId)
                .query(Long.class).single();
    }

    long countInPeriod(long villageId, long householdId, long itemId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM claim
                WHERE village_id = :v AND household_id = :h AND item_id = :item
                  AND occurred_on BETWEEN :f AND :t AND status NOT IN ('REJECTED', 'REVERSED')""")
                .param("v", villageId).param("h", householdId).param("item", itemId).param("f", from).param("t", to)
                .query(Long.class).single();
    }

    boolean isKin(long villageId, long userId, long householdId) {
        return jdbc.sql("SELECT COUNT(*) FROM staff_household WHERE village_id = :v AND user_id = :u AND household_id = :h")
                .param("v", villageId).param("u", userId).param("h", householdId).query(Long.class).single() > 0;
    }

    void registerKin(long villageId, long userId, long householdId, String relation) {
        jdbc.sql("INSERT INTO staff_household (village_id, user_id, household_id, relation) VALUES (:v, :u, :h, :r)")
                .param("v", villageId).param("u", userId).param("h", householdId).param("r", relation).update();
    }

    /** The village's kin relations (staff account ↔ household), by household then account. */
    List<KinRelation> kinOf(long villageId) {
        return jdbc.sql("""
                SELECT village_id, user_id, household_id, relation FROM staff_household
                WHERE village_id = :v ORDER BY household_id, user_id""")
                .param("v", villageId)
                .query((rs, i) -> new KinRelation(rs.getLong("village_id"), rs.getLong("user_id"),
                        rs.getLong("household_id"), rs.getString("relation"))).list();
    }

    Optional<String> kinRelation(long villageId, long userId, long householdId) {
        return jdbc.sql("SELECT relation FROM staff_household WHERE village_id = :v AND user_id = :u AND household_id = :h")
                .param("v", villageId).param("u", userId).param("h", householdId).query(String.class).optional();
    }

    int removeKin(long villageId, long userId, long householdId) {
        return jdbc.sql("DELETE FROM staff_household WHERE village_id = :v AND user_id = :u AND household_id = :h")
                .param("v", villageId).param("u", userId).param("h", householdId).update();
    }

    record NewClaim(long villageId, long householdId, Long residentId, long itemId, int itemVersion, String itemCode,
                    int points, LocalDate occurredOn, String note, boolean selfDeclared, boolean onBehalf,
                    boolean likelyDuplicate, long recordedBy, String recordedByName, String recorderRole,
                    OffsetDateTime at) { }

    long insert(NewClaim n) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim (village_id, household_id, resident_id, item_id, item_version, item_code, points,
                                   occurred_on, note, status, self_declared, on_behalf, likely_duplicate, recorded_by,
                                   recorded_by_name, recorder_role, recorded_at)
                VALUES (:v, :h, :r, :item, :ver, :code, :p, :d, :note, 'RECORDED', :self, :behalf, :dup, :by, :byName,
                        :role, :at)""")
                .param("v", n.villageId()).param("h", n.householdId()).param("r", n.residentId())
                .param("item", n.itemId()).param("ver", n.itemVersion()).param("code", n.itemCode())
                .param("p", n.points()).param("d", n.occurredOn()).param("note", n.note())
                .param("self", n.selfDeclared()).param("behalf", n.onBehalf()).param("dup", n.likelyDuplicate())
                .param("by", n.recordedBy()).param("byName", n.recordedByName()).param("role", n.recorderRole())
                .param("at", n.at())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void firstApproval(long villageId, long id, long approver, String name) {
        jdbc.sql("""
                UPDATE claim SET status = 'AWAITING_SECOND_APPROVAL', first_approver = :a, first_approver_name = :n
                WHERE village_id = :v AND id = :id""")
                .param("a", approver).param("n", name).param("v", villageId).param("id", id).update();
    }

    void decide(long villageId, long id, ClaimStatus status, int points, long by, String byName, OffsetDateTime at,
                String reason, OffsetDateTime publicityEndsAt) {
        jdbc.sql("""
                UPDATE claim SET status = :s, points = :p, decided_by = :by, decided_by_name = :byName, decided_at = :at,
                                 decision_reason = :reason, publicity_ends_at = :ends
                WHERE village_id = :v AND id = :id""")
                .param("s", status.name()).param("p", points).param("by", by).param("byName", byName).param("at", at)
                .param("reason", reason).param("ends", publicityEndsAt).param("v", villageId).param("id", id).update();
    }

    /** A conditional change of status: true only for the one caller that found the claim in {@code from}. */
    boolean move(long villageId, long id, ClaimStatus from, ClaimStatus to) {
        return jdbc.sql("UPDATE claim SET status = :to WHERE village_id = :v AND id = :id AND status = :from")
                .param("to", to.name()).param("v", villageId).param("id", id).param("from", from.name()).update() == 1;
    }

    /** Takes a due claim for posting; only one of several concurrent callers wins. */
    boolean takeForPosting(long villageId, long id, OffsetDateTime now) {
        return jdbc.sql("""
                UPDATE claim SET status = 'POSTING'
                WHERE village_id = :v AND id = :id AND status = 'IN_PUBLICITY' AND publicity_ends_at <= :now""")
                .param("v", villageId).param("id", id).param("now", now).update() == 1;
    }

    void posted(long villageId, long id, UUID postingId, OffsetDateTime at) {
        jdbc.sql("UPDATE claim SET status = 'POSTED', posting_id = :p, posted_at = :at WHERE village_id = :v AND id = :id")
                .param("p", postingId).param("at", at).param("v", villageId).param("id", id).update();
    }

    /** A due claim and its place in the posting order (recorded_at, id, village_id): the key a run pages by. */
    record Due(long villageId, long id, OffsetDateTime recordedAt) { }

    /**
     * Claims due for posting (of a village, or under an org unit's path, or all), in the order recorded, starting
     * after {@code after} (null: from the first). Paging by this key visits every due claim once in a run, even when
     * the claims before it stay due because their posting failed.
     */
    List<Due> due(Long villageId, String underPath, OffsetDateTime now, Due after, int limit) {
        return jdbc.sql("SELECT c.village_id, c.id, c.recorded_at FROM claim c"
                        + (underPath == null ? "" : " JOIN org_unit v ON v.id = c.village_id AND v.path LIKE :path")
                        + " WHERE c.status = 'IN_PUBLICITY' AND c.publicity_ends_at <= :now"
                        + (villageId == null ? "" : " AND c.village_id = :v")
                        + (after == null ? "" : " AND (c.recorded_at > :at OR (c.recorded_at = :at AND (c.id > :id"
                                + " OR (c.id = :id AND c.village_id > :av))))")
                        + " ORDER BY c.recorded_at, c.id, c.village_id LIMIT " + limit)
                .param("now", now).param("v", villageId).param("path", underPath == null ? "" : underPath + "%")
                .param("at", after == null ? now : after.recordedAt()).param("id", after == null ? 0L : after.id())
                .param("av", after == null ? 0L : after.villageId())
                .query((rs, i) -> new Due(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class))).list();
    }

    void event(long villageId, long claimId, OffsetDateTime at, Long actorId, String actorName, String action,
               ClaimStatus from, ClaimStatus to, Integer points, String reason) {
        jdbc.sql("""
                INSERT INTO claim_event (village_id, claim_id, at, actor_id, actor_name, action, from_status, to_status,
                                         points, reason)
                VALUES (:v, :c, :at, :a, :n, :action, :from, :to, :p, :reason)""")
                .param("v", villageId).param("c", claimId).param("at", at).param("a", actorId).param("n", actorName)
                .param("action", action).param("from", from == null ? null : from.name()).param("to", to.name())
                .param("p", points).param("reason", reason).update();
    }

    List<ClaimEvent> events(long villageId, long claimId) {
        return jdbc.sql("SELECT * FROM claim_event WHERE village_id = :v AND claim_id = :c ORDER BY id")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new ClaimEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                        rs.getObject("actor_id", Long.class), rs.getString("actor_name"), rs.getString("action"),
                        rs.getString("from_status") == null ? null : ClaimStatus.valueOf(rs.getString("from_status")),
                        ClaimStatus.valueOf(rs.getString("to_status")), rs.getObject("points", Integer.class),
                        rs.getString("reason"))).list();
    }

    long insertObjection(long villageId, long claimId, Long by, String byName, OffsetDateTime at, String reason) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim_objection (village_id, claim_id, raised_by, raised_by_name, raised_at, reason, status)
                VALUES (:v, :c, :by, :n, :at, :r, 'OPEN')""")
                .param("v", villageId).param("c", claimId).param("by", by).param("n", byName).param("at", at)
                .param("r", reason).update(keys, "id");
        return keys.getKey().longValue();
    }

    boolean decideObjection(long villageId, long objectionId, String status, long by, String byName,
                            OffsetDateTime at, String reason) {
        return jdbc.sql("""
                UPDATE claim_objection SET status = :s, decided_by = :by, decided_by_name = :n, decided_at = :at,
                                           decision_reason = :r
                WHERE village_id = :v AND id = :id AND status = 'OPEN'""")
                .param("s", status).param("by", by).param("n", byName).param("at", at).param("r", reason)
                .param("v", villageId).param("id", objectionId).update() == 1;
    }

    List<Objection> objections(long villageId, long claimId) {
        return jdbc.sql("SELECT * FROM claim_objection WHERE village_id = :v AND claim_id = :c ORDER BY id")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new Objection(rs.getLong("id"), rs.getLong("claim_id"),
                        rs.getObject("raised_by", Long.class), rs.getString("raised_by_name"),
                        rs.getObject("raised_at", OffsetDateTime.class), rs.getString("reason"), rs.getString("status"),
                        rs.getObject("decided_by", Long.class), rs.getString("decided_by_name"),
                        rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_reason"))).list();
    }

    long openObjections(long villageId, long claimId) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_objection WHERE village_id = :v AND claim_id = :c AND status = 'OPEN'")
                .param("v", villageId).param("c", claimId).query(Long.class).single();
    }

    /**
     * Claims of a village whose household's grid lies under {@code gridPrefix}, optionally of some statuses,
     * one household, or one recorder; newest first (id breaks no tie: ids are unique), {@code limit} rows from
     * {@code offset}.
     */
    List<Claim> list(long villageId, String gridPrefix, Collection<String> statuses, Long householdId, Long recordedBy,
                     int limit, long offset) {
        return filtered(SELECT, villageId, gridPrefix, statuses, householdId, recordedBy,
                " ORDER BY c.id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset).query(ClaimSql::claim).list();
    }

    List<Claim> list(long villageId, String gridPrefix, Collection<String> statuses, Long householdId, Long recordedBy,
                     int limit) {
        return list(villageId, gridPrefix, statuses, householdId, recordedBy, limit, 0);
    }

    /** How many claims {@link #list} would page through (same filters). */
    long count(long villageId, String gridPrefix, Collection<String> statuses, Long householdId, Long recordedBy) {
        return filtered("SELECT COUNT(*) FROM claim c", villageId, gridPrefix, statuses, householdId, recordedBy, "")
                .query(Long.class).single();
    }

    private JdbcClient.StatementSpec filtered(String select, long villageId, String gridPrefix,
                                              Collection<String> statuses, Long householdId, Long recordedBy,
                                              String tail) {
        StringBuilder where = new StringBuilder(" WHERE c.village_id = :v");
        if (gridPrefix != null) {
            where.append(" AND EXISTS (SELECT 1 FROM household h JOIN org_unit g ON g.id = h.grid_id"
                    + " WHERE h.village_id = c.village_id AND h.id = c.household_id AND g.path LIKE :prefix)");
        }
        if (statuses != null && !statuses.isEmpty()) {
            where.append(" AND c.status IN (:statuses)");
        }
        if (householdId != null) {
            where.append(" AND c.household_id = :h");
        }
        if (recordedBy != null) {
            where.append(" AND c.recorded_by = :by");
        }
        var spec = jdbc.sql(select + where + tail).param("v", villageId);
        if (gridPrefix != null) {
            spec = spec.param("prefix", gridPrefix + "%");
        }
        if (statuses != null && !statuses.isEmpty()) {
            spec = spec.param("statuses", List.copyOf(statuses));
        }
        if (householdId != null) {
            spec = spec.param("h", householdId);
        }
        if (recordedBy != null) {
            spec = spec.param("by", recordedBy);
        }
        return spec;
    }

    // ------------------------------------------------------------ appeals

    long insertAppeal(long villageId, long claimId, Long by, String byName, OffsetDateTime at, String reason) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim_appeal (village_id, claim_id, raised_by, raised_by_name, raised_at, reason, status)
                VALUES (:v, :c, :by, :n, :at, :r, 'OPEN')""")
                .param("v", villageId).param("c", claimId).param("by", by).param("n", byName).param("at", at)
                .param("r", reason).update(keys, "id");
        return keys.getKey().longValue();
    }

    boolean decideAppeal(long villageId, long appealId, long claimId, String status, long by, String byName,
                         OffsetDateTime at, String reason, UUID reversal) {
        return jdbc.sql("""
                UPDATE claim_appeal SET status = :s, decided_by = :by, decided_by_name = :n, decided_at = :at,
                                        decision_reason = :r, reversal_posting_id = :p
                WHERE village_id = :v AND id = :id AND claim_id = :c AND status = 'OPEN'""")
                .param("s", status).param("by", by).param("n", byName).param("at", at).param("r", reason)
                .param("p", reversal).param("v", villageId).param("id", appealId).param("c", claimId).update() == 1;
    }

    Map<ClaimStatus, Long> countsByStatus(long villageId) {
        Map<ClaimStatus, Long> m = new java.util.EnumMap<>(ClaimStatus.class);
        jdbc.sql("SELECT status, COUNT(*) FROM claim WHERE village_id = :v GROUP BY status").param("v", villageId)
                .query(rs -> {
                    m.put(ClaimStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return m;
    }

    /** The longest-waiting claims of the village in the given states, oldest recorded first. */
    List<Claim> oldest(long villageId, Collection<String> statuses, int limit) {
        return jdbc.sql(SELECT + " WHERE c.village_id = :v AND c.status IN (:s) ORDER BY c.recorded_at, c.id LIMIT " + limit)
                .param("v", villageId).param("s", statuses).query(ClaimSql::claim).list();
    }

    /** The village's claims that have an open appeal (申诉), oldest first. */
    List<Claim> withOpenAppeal(long villageId) {
        return jdbc.sql(SELECT + """
                 WHERE c.village_id = :v AND EXISTS (SELECT 1 FROM claim_appeal a
                       WHERE a.village_id = c.village_id AND a.claim_id = c.id AND a.status = 'OPEN')
                 ORDER BY c.id""").param("v", villageId).query(ClaimSql::claim).list();
    }

    // ------------------------------------------------------------ homes (town/county and villager)

    private static final String OVERDUE_OBJECTION = """
             WHERE c.village_id IN (:v) AND c.status = 'OBJECTED' AND c.publicity_ends_at < :now
               AND EXISTS (SELECT 1 FROM claim_objection o
                           WHERE o.village_id = c.village_id AND o.claim_id = c.id AND o.status = 'OPEN')""";

    /** Claims of the villages held by an open objection after their publicity period ended, oldest deadline first. */
    List<Claim> overdueObjections(Collection<Long> villageIds, OffsetDateTime now, int limit) {
        return jdbc.sql(SELECT + " " + OVERDUE_OBJECTION + " ORDER BY c.publicity_ends_at, c.village_id, c.id LIMIT " + limit)
                .param("v", List.copyOf(villageIds)).param("now", now).query(ClaimSql::claim).list();
    }

    long countOverdueObjections(Collection<Long> villageIds, OffsetDateTime now) {
        return jdbc.sql("SELECT COUNT(*) FROM claim c " + OVERDUE_OBJECTION)
                .param("v", List.copyOf(villageIds)).param("now", now).query(Long.class).single();
    }

    /** Claims of the villages in one state, oldest recorded first. */
    List<Claim> inStatus(Collection<Long> villageIds, ClaimStatus status, int limit) {
        return jdbc.sql(SELECT + " WHERE c.village_id IN (:v) AND c.status = :s ORDER BY c.recorded_at, c.id LIMIT " + limit)
                .param("v", List.copyOf(villageIds)).param("s", status.name()).query(ClaimSql::claim).list();
    }

    long countInStatus(Collection<Long> villageIds, ClaimStatus status) {
        return jdbc.sql("SELECT COUNT(*) FROM claim c WHERE c.village_id IN (:v) AND c.status = :s")
                .param("v", List.copyOf(villageIds)).param("s", status.name()).query(Long.class).single();
    }

    private static final String HOUSEHOLD_EVENTS = """
             FROM claim_event e JOIN claim c ON c.village_id = e.village_id AND c.id = e.claim_id
             WHERE e.village_id = :v AND c.household_id = :h AND e.at > :after AND e.at <= :until
               AND (e.actor_id IS NULL OR e.actor_id <> :me)""";

    /** State changes of a household's claims in a time range made by others than {@code me}, newest first. */
    List<Long[]> householdEvents(long villageId, long householdId, long me, OffsetDateTime after, OffsetDateTime until,
                                 int limit) {
        return jdbc.sql("SELECT e.claim_id, e.id " + HOUSEHOLD_EVENTS + " ORDER BY e.at DESC, e.id DESC LIMIT " + limit)
                .param("v", villageId).param("h", householdId).param("after", after).param("until", until)
                .param("me", me).query((rs, i) -> new Long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    long countHouseholdEvents(long villageId, long householdId, long me, OffsetDateTime after, OffsetDateTime until) {
        return jdbc.sql("SELECT COUNT(*) " + HOUSEHOLD_EVENTS).param("v", villageId).param("h", householdId)
                .param("after", after).param("until", until).param("me", me).query(Long.class).single();
    }

    /** Objections raised on a household's claims, newest first (open ones and decided ones). */
    List<Long[]> householdObjections(long villageId, long householdId, int limit) {
        return jdbc.sql("""
                SELECT o.claim_id, o.id FROM claim_objection o JOIN claim c ON c.village_id = o.village_id AND c.id = o.claim_id
                WHERE o.village_id = :v AND c.household_id = :h ORDER BY o.raised_at DESC, o.id DESC LIMIT """ + " " + limit)
                .param("v", villageId).param("h", householdId)
                .query((rs, i) -> new Long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    List<Appeal> appeals(long villageId, long claimId) {
        return jdbc.sql("SELECT * FROM claim_appeal WHERE village_id = :v AND claim_id = :c ORDER BY id")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new Appeal(rs.getLong("id"), rs.getLong("claim_id"),
                        rs.getObject("raised_by", Long.class), rs.getString("raised_by_name"),
                        rs.getObject("raised_at", OffsetDateTime.class), rs.getString("reason"), rs.getString("status"),
                        rs.getString("decided_by_name"), rs.getObject("decided_at", OffsetDateTime.class),
                        rs.getString("decision_reason"))).list();
    }

    // ------------------------------------------------------------ settings

    Optional<Integer> publicityDays(long villageId) {
        return jdbc.sql("SELECT publicity_days FROM claim_village_setting WHERE village_id = :v").param("v", villageId)
                .query(Integer.class).optional();
    }

    void setPublicityDays(long villageId, int days, OffsetDateTime at, String by) {
        int n = jdbc.sql("UPDATE claim_village_setting SET publicity_days = :d, updated_at = :at, updated_by = :by WHERE village_id = :v")
                .param("d", days).param("at", at).param("by", by).param("v", villageId).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO claim_village_setting (village_id, publicity_days, updated_at, updated_by) VALUES (:v, :d, :at, :by)")
                    .param("d", days).param("at", at).param("by", by).param("v", villageId).update();
        }
    }

    void clearPublicityDays(long villageId) {
        jdbc.sql("DELETE FROM claim_village_setting WHERE village_id = :v").param("v", villageId).update();
    }

    // ------------------------------------------------------------ photos

    long insertPhoto(long villageId, long claimId, String type, byte[] original, byte[] display, Long by, String byName,
                     OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim_photo (village_id, claim_id, content_type, original, display, size_bytes, uploaded_by,
                                         uploaded_by_name, uploaded_at)
                VALUES (:v, :c, :t, :o, :d, :n, :by, :byName, :at)""")
                .param("v", villageId).param("c", claimId).param("t", type).param("o", original).param("d", display)
                .param("n", original.length).param("by", by).param("byName", byName).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    List<Photo> photos(long villageId, long claimId) {
        return jdbc.sql("""
                SELECT id, claim_id, content_type, size_bytes, uploaded_by_name, uploaded_at FROM claim_photo
                WHERE village_id = :v AND claim_id = :c ORDER BY id""")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new Photo(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class))).list();
    }

    public record PhotoBytes(String contentType, byte[] bytes) { }

    Optional<PhotoBytes> photo(long villageId, long claimId, long photoId, boolean original) {
        return jdbc.sql("SELECT content_type, original, display FROM claim_photo WHERE village_id = :v AND claim_id = :c AND id = :id")
                .param("v", villageId).param("c", claimId).param("id", photoId)
                .query((rs, i) -> {
                    byte[] display = rs.getBytes(3);
                    return original || display == null ? new PhotoBytes(rs.getString(1), rs.getBytes(2))
                            : new PhotoBytes("image/jpeg", display);
                }).optional();
    }

    // ------------------------------------------------------------ responsibility posts

    private static final String SELECT_POST = """
            SELECT p.village_id, p.id, p.name, p.item_code, p.description, p.active, a.household_id, pb.number,
                   (SELECT r.name FROM resident r WHERE r.village_id = a.village_id AND r.household_id = a.household_id
                     ORDER BY r.is_head DESC, r.id LIMIT 1) AS head_name,
                   a.adopted_on,
                   (SELECT MAX(c.occurred_on) FROM claim c WHERE c.village_id = p.village_id AND c.post_id = p.id
                     AND c.status NOT IN ('REJECTED', 'REVERSED')) AS last_inspected
            FROM resp_post p
            LEFT JOIN resp_adoption a ON a.village_id = p.village_id AND a.post_id = p.id AND a.ended_on IS NULL
            LEFT JOIN passbook pb ON pb.village_id = a.village_id AND pb.household_id = a.household_id
            """;

    private static ResponsibilityPost post(ResultSet rs, int i) throws SQLException {
        return new ResponsibilityPost(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getObject(7, Long.class), rs.getString(8), rs.getString(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class));
    }

    long insertPost(long villageId, String name, String itemCode, String description, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO resp_post (village_id, name, item_code, description, active, created_at)
                VALUES (:v, :n, :i, :d, TRUE, :at)""")
                .param("v", villageId).param("n", name).param("i", itemCode).param("d", description).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    boolean postNameTaken(long villageId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM resp_post WHERE village_id = :v AND name = :n")
                .param("v", villageId).param("n", name).query(Long.class).single() > 0;
    }

    Optional<ResponsibilityPost> post(long villageId, long id) {
        return jdbc.sql(SELECT_POST + " WHERE p.village_id = :v AND p.id = :id").param("v", villageId).param("id", id)
                .query(ClaimSql::post).optional();
    }

    void lockPost(long villageId, long id) {
        jdbc.sql("SELECT id FROM resp_post WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
    }

    List<ResponsibilityPost> posts(long villageId) {
        return jdbc.sql(SELECT_POST + " WHERE p.village_id = :v ORDER BY p.name, p.id").param("v", villageId)
                .query(ClaimSql::post).list();
    }

    List<ResponsibilityPost> posts(long villageId, int limit, long offset) {
        return jdbc.sql(SELECT_POST + " WHERE p.village_id = :v ORDER BY p.name, p.id LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset).query(ClaimSql::post).list();
    }

    long postCount(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM resp_post WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    private static final String UNINSPECTED = """
             WHERE p.village_id = :v AND p.active AND a.household_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.village_id = p.village_id AND c.post_id = p.id
                               AND c.occurred_on BETWEEN :f AND :t AND c.status NOT IN ('REJECTED', 'REVERSED'))
            """;

    /** Active adopted posts with no inspection (claim not rejected) in the period. */
    List<ResponsibilityPost> uninspected(long villageId, LocalDate from, LocalDate to) {
        return jdbc.sql(SELECT_POST + UNINSPECTED + " ORDER BY p.name, p.id")
                .param("v", villageId).param("f", from).param("t", to).query(ClaimSql::post).list();
    }

    List<ResponsibilityPost> uninspected(long villageId, LocalDate from, LocalDate to, int limit, long offset) {
        return jdbc.sql(SELECT_POST + UNINSPECTED + " ORDER BY p.name, p.id LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("f", from).param("t", to).param("limit", limit).param("offset", offset)
                .query(ClaimSql::post).list();
    }

    long uninspectedCount(long villageId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM resp_post p
                LEFT JOIN resp_adoption a ON a.village_id = p.village_id AND a.post_id = p.id AND a.ended_on IS NULL
                """ + UNINSPECTED)
                .param("v", villageId).param("f", from).param("t", to).query(Long.class).single();
    }

    void endAdoption(long villageId, long postId, LocalDate on) {
        jdbc.sql("UPDATE resp_adoption SET ended_on = :d WHERE village_id = :v AND post_id = :p AND ended_on IS NULL")
                .param("d", on).param("v", villageId).param("p", postId).update();
    }

    void adopt(long villageId, long postId, long householdId, LocalDate on) {
        jdbc.sql("INSERT INTO resp_adoption (village_id, post_id, household_id, adopted_on) VALUES (:v, :p, :h, :d)")
                .param("v", villageId).param("p", postId).param("h", householdId).param("d", on).update();
    }

    void linkPost(long villageId, long claimId, long postId) {
        jdbc.sql("UPDATE claim SET post_id = :p WHERE village_id = :v AND id = :id")
                .param("p", postId).param("v", villageId).param("id", claimId).update();
    }

    // ------------------------------------------------------------ activities

    private static final String SELECT_ACTIVITY = """
            SELECT a.village_id, a.id, a.title, a.place, a.starts_at, a.item_code, a.points, a.quota, a.status,
                   (SELECT COUNT(*) FROM activity_signup s WHERE s.village_id = a.village_id AND s.activity_id = a.id),
                   (SELECT COUNT(*) FROM activity_signup s WHERE s.village_id = a.village_id AND s.activity_id = a.id
                     AND s.checked_in_at IS NOT NULL), a.duration_minutes
            FROM activity a
            """;

    private static Activity activity(ResultSet rs, int i) throws SQLException {
        return new Activity(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9),
                rs.getInt(10), rs.getInt(11), rs.getInt(12));
    }

    long insertActivity(long villageId, String title, String place, OffsetDateTime startsAt, String itemCode, int points,
                        int quota, int minutes, String token, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO activity (village_id, title, place, starts_at, item_code, points, quota, duration_minutes,
                                      checkin_token, status, created_by, created_at)
                VALUES (:v, :t, :p, :s, :i, :pts, :q, :m, :tok, 'OPEN', :by, :at)""")
                .param("v", villageId).param("t", title).param("p", place).param("s", startsAt).param("i", itemCode)
                .param("pts", points).param("q", quota).param("m", minutes).param("tok", token).param("by", by).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Activity> activity(long villageId, long id) {
        return jdbc.sql(SELECT_ACTIVITY + " WHERE a.village_id = :v AND a.id = :id").param("v", villageId).param("id", id)
                .query(ClaimSql::activity).optional();
    }

    Optional<String> checkinToken(long villageId, long id) {
        return jdbc.sql("SELECT checkin_token FROM activity WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    void lockActivity(long villageId, long id) {
        jdbc.sql("SELECT id FROM activity WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
    }

    List<Activity> activities(long villageId, int limit, long offset) {
        return jdbc.sql(SELECT_ACTIVITY + " WHERE a.village_id = :v ORDER BY a.starts_at DESC, a.id DESC"
                        + " LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset).query(ClaimSql::activity).list();
    }

    /** The village's activities starting in [from, to), earliest first (a day's activities: a handful). */
    List<Activity> activitiesBetween(long villageId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql(SELECT_ACTIVITY + " WHERE a.village_id = :v AND a.starts_at >= :f AND a.starts_at < :t"
                        + " ORDER BY a.starts_at, a.id")
                .param("v", villageId).param("f", from).param("t", to).query(ClaimSql::activity).list();
    }

    long activityCount(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM activity WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    List<Signup> signups(long villageId, long activityId) {
        return jdbc.sql("""
                SELECT s.resident_id, r.name, s.household_id, p.number, s.signed_up_at, s.checked_in_at, s.claim_id,
                       s.checked_out_at
                FROM activity_signup s
                JOIN resident r ON r.village_id = s.village_id AND r.id = s.resident_id
                LEFT JOIN passbook p ON p.village_id = s.village_id AND p.household_id = s.household_id
                WHERE s.village_id = :v AND s.activity_id = :a ORDER BY s.signed_up_at, s.resident_id""")
                .param("v", villageId).param("a", activityId)
                .query((rs, i) -> new Signup(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, Long.class), rs.getObject(8, OffsetDateTime.class))).list();
    }

    void signup(long villageId, long activityId, long residentId, long householdId, OffsetDateTime at, String by) {
        jdbc.sql("""
                INSERT INTO activity_signup (village_id, activity_id, resident_id, household_id, signed_up_at, signed_up_by)
                VALUES (:v, :a, :r, :h, :at, :by)""")
                .param("v", villageId).param("a", activityId).param("r", residentId).param("h", householdId)
                .param("at", at).param("by", by).update();
    }

    boolean checkIn(long villageId, long activityId, long residentId, OffsetDateTime at, String by) {
        return jdbc.sql("""
                UPDATE activity_signup SET checked_in_at = :at, checked_in_by = :by
                WHERE village_id = :v AND activity_id = :a AND resident_id = :r AND checked_in_at IS NULL""")
                .param("at", at).param("by", by).param("v", villageId).param("a", activityId).param("r", residentId)
                .update() == 1;
    }

    /** Records the check-out of a checked-in resident not yet checked out; true when this call recorded it. */
    boolean checkOut(long villageId, long activityId, long residentId, OffsetDateTime at, String by) {
        return jdbc.sql("""
                UPDATE activity_signup SET checked_out_at = :at, checked_out_by = :by
                WHERE village_id = :v AND activity_id = :a AND resident_id = :r AND checked_in_at IS NOT NULL
                  AND checked_out_at IS NULL AND checked_in_at <= :at""")
                .param("at", at).param("by", by).param("v", villageId).param("a", activityId).param("r", residentId)
                .update() == 1;
    }

    void awarded(long villageId, long activityId, long residentId, long claimId) {
        jdbc.sql("UPDATE activity_signup SET claim_id = :c WHERE village_id = :v AND activity_id = :a AND resident_id = :r")
                .param("c", claimId).param("v", villageId).param("a", activityId).param("r", residentId).update();
    }

    /** Marks an activity awarded unless it already is; true for the one caller that wins. */
    boolean claimActivityAward(long villageId, long activityId, OffsetDateTime at) {
        return jdbc.sql("UPDATE activity SET status = 'AWARDED', awarded_at = :at WHERE village_id = :v AND id = :id "
                        + "AND status <> 'AWARDED'")
                .param("at", at).param("v", villageId).param("id", activityId).update() == 1;
    }

    void activityAwarded(long villageId, long activityId, OffsetDateTime at) {
        jdbc.sql("UPDATE activity SET status = 'AWARDED', awarded_at = :at WHERE village_id = :v AND id = :id")
                .param("at", at).param("v", villageId).param("id", activityId).update();
    }

    /** Participation person-times (参与人次): attended sign-ups of activities starting in the period. */
    long participation(long villageId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM activity_signup s JOIN activity a ON a.village_id = s.village_id AND a.id = s.activity_id
                WHERE s.village_id = :v AND s.checked_in_at IS NOT NULL AND a.starts_at >= :f AND a.starts_at < :t""")
                .param("v", villageId).param("f", from).param("t", to).query(Long.class).single();
    }

    // ------------------------------------------------------------ points policy runs

    void insertRun(PointsRun r) {
        jdbc.sql("""
                INSERT INTO points_run (village_id, kind, period_key, started_at, finished_at, households, posted, points,
                                        actor_name)
                VALUES (:v, :k, :p, :s, :f, :h, :n, :pts, :a)""")
                .param("v", r.villageId()).param("k", r.kind()).param("p", r.periodKey()).param("s", r.startedAt())
                .param("f", r.finishedAt()).param("h", r.households()).param("n", r.posted()).param("pts", r.points())
                .param("a", r.actorName()).update();
    }

    long runCount(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM points_run WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    List<PointsRun> runs(long villageId, int limit, long offset) {
        return jdbc.sql("SELECT * FROM points_run WHERE village_id = :v ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset)
                .query((rs, i) -> new PointsRun(rs.getLong("village_id"), rs.getLong("id"), rs.getString("kind"),
                        rs.getString("period_key"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), rs.getInt("households"), rs.getInt("posted"),
                        rs.getLong("points"), rs.getString("actor_name"))).list();
    }

    /** The latest runs of the villages under an org path (the actor's scope), newest first. */
    List<PointsRun> runsUnder(String path, int limit) {
        return jdbc.sql("""
                SELECT r.* FROM points_run r JOIN org_unit v ON v.id = r.village_id
                WHERE v.path LIKE :p ORDER BY r.started_at DESC, r.id DESC LIMIT :n""")
                .param("p", path + "%").param("n", limit)
                .query((rs, i) -> new PointsRun(rs.getLong("village_id"), rs.getLong("id"), rs.getString("kind"),
                        rs.getString("period_key"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), rs.getInt("households"), rs.getInt("posted"),
                        rs.getLong("points"), rs.getString("actor_name"))).list();
    }

    /** Whether a run of this kind and period was logged for the village. */
    boolean hasRun(String kind, String periodKey, long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM points_run WHERE village_id = :v AND kind = :k AND period_key = :p")
                .param("v", villageId).param("k", kind).param("p", periodKey).query(Long.class).single() > 0;
    }
}
