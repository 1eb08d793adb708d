package cn.jifen.rules.internal;

import cn.jifen.rules.CapPeriod;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.Recorder;
import cn.jifen.rules.RuleCategory;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.rules.RuleUnit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL of the rule catalogue. */
@Repository
public class RuleSql {
    private final JdbcClient jdbc;

    RuleSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<RuleCategory> categories() {
        return jdbc.sql("SELECT id, code, name, sort_order, active FROM rule_category ORDER BY sort_order, id")
                .query((rs, i) -> new RuleCategory(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getBoolean(5))).list();
    }

    public Optional<RuleCategory> category(String code) {
        return categories().stream().filter(c -> c.code().equals(code)).findFirst();
    }

    public long insertCategory(String code, String name, int sort, OffsetDateTime now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO rule_category (code, name, sort_order, active, created_at) VALUES (:c, :n, :s, TRUE, :t)")
                .param("c", code).param("n", name).param("s", sort).param("t", now).update(keys, "id");
        return keys.getKey().longValue();
    }

    public void updateCategory(long id, String name, boolean active) {
        jdbc.sql("UPDATE rule_category SET name = :n, active = :a WHERE id = :id")
                .param("n", name).param("a", active).param("id", id).update();
    }

    private static final String SELECT_VERSION = """
            SELECT i.id AS item_id, v.version, i.code, i.owner_org_id, i.category_id, c.name AS category_name, v.name,
                   v.description, v.sign, v.min_points, v.max_points, v.unit, v.household_cap, v.resident_cap,
                   v.cap_period, v.evidence_required, v.recorders, v.party_only, v.veto, v.needs_publicity,
                   v.valid_from, v.valid_to, i.retired_on
            FROM rule_item i
            JOIN rule_item_version v ON v.item_id = i.id
            JOIN rule_category c ON c.id = i.category_id
            """;

    static RuleItem item(ResultSet rs, int i) throws SQLException {
        Set<Recorder> recorders = EnumSet.noneOf(Recorder.class);
        Arrays.stream(rs.getString("recorders").split(",")).filter(s -> !s.isBlank())
                .forEach(s -> recorders.add(Recorder.valueOf(s.strip())));
        return new RuleItem(rs.getLong("item_id"), rs.getInt("version"), rs.getString("code"), rs.getLong("owner_org_id"),
                rs.getLong("category_id"), rs.getString("category_name"), rs.getString("name"),
                rs.getString("description"), RuleSign.valueOf(rs.getString("sign")), rs.getInt("min_points"),
                rs.getInt("max_points"), RuleUnit.valueOf(rs.getString("unit")),
                (Integer) rs.getObject("household_cap", Integer.class), (Integer) rs.getObject("resident_cap", Integer.class),
                CapPeriod.valueOf(rs.getString("cap_period")), rs.getBoolean("evidence_required"), recorders,
                rs.getBoolean("party_only"), rs.getBoolean("veto"), rs.getBoolean("needs_publicity"),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_to", LocalDate.class),
                rs.getObject("retired_on", LocalDate.class));
    }

    /** For each item, the latest version whose validity began on or before the day. */
    public List<RuleItem> inForce(LocalDate day) {
        return jdbc.sql(SELECT_VERSION + """
                WHERE v.version = (SELECT MAX(v2.version) FROM rule_item_version v2
                                   WHERE v2.item_id = i.id AND v2.valid_from <= :d)
                  AND (v.valid_to IS NULL OR v.valid_to >= :d)
                  AND (i.retired_on IS NULL OR i.retired_on > :d)
                ORDER BY c.sort_order, i.code""")
                .param("d", day).query(RuleSql::item).list();
    }

    public Optional<RuleItem> version(long itemId, int version) {
        return jdbc.sql(SELECT_VERSION + " WHERE i.id = :i AND v.version = :v")
                .param("i", itemId).param("v", version).query(RuleSql::item).optional();
    }

    public List<RuleItem> versions(String code) {
        return jdbc.sql(SELECT_VERSION + " WHERE i.code = :c ORDER BY v.version DESC")
                .param("c", code).query(RuleSql::item).list();
    }

    public Optional<Long> itemId(String code) {
        return jdbc.sql("SELECT id FROM rule_item WHERE code = :c").param("c", code).query(Long.class).optional();
    }

    public long insertItem(String code, long ownerOrgId, long categoryId, OffsetDateTime now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO rule_item (code, owner_org_id, category_id, created_at) VALUES (:c, :o, :cat, :t)")
                .param("c", code).param("o", ownerOrgId).param("cat", categoryId).param("t", now).update(keys, "id");
        return keys.getKey().longValue();
    }

    public int nextVersion(long itemId) {
        Integer v = jdbc.sql("SELECT MAX(version) FROM rule_item_version WHERE item_id = :i").param("i", itemId)
                .query(Integer.class).optional().orElse(null);
        return v == null ? 1 : v + 1;
    }

    public void insertVersion(long itemId, int version, Validated d, OffsetDateTime now, String by, String reason) {
        jdbc.sql("""
                INSERT INTO rule_item_version (item_id, version, name, description, sign, min_points, max_points, unit,
                    household_cap, resident_cap, cap_period, evidence_required, recorders, party_only, veto,
                    needs_publicity, valid_from, valid_to, created_at, created_by, reason)
                VALUES (:item, :ver, :name, :descr, :sign, :min, :max, :unit, :hcap, :rcap, :period, :evidence,
                    :recorders, :party, :veto, :publicity, :from, :to, :now, :by, :reason)""")
                .param("item", itemId).param("ver", version).param("name", d.name()).param("descr", d.description())
                .param("sign", d.sign().name()).param("min", d.minPoints()).param("max", d.maxPoints())
                .param("unit", d.unit().name()).param("hcap", d.householdCap()).param("rcap", d.residentCap())
                .param("period", d.capPeriod().name()).param("evidence", d.evidenceRequired())
                .param("recorders", d.recorders().stream().map(Enum::name).sorted().collect(Collectors.joining(",")))
                .param("party", d.partyOnly()).param("veto", d.veto()).param("publicity", d.needsPublicity())
                .param("from", d.validFrom()).param("to", d.validTo()).param("now", now).param("by", by)
                .param("reason", reason)
                .update();
    }

    public void retire(long itemId, LocalDate on) {
        jdbc.sql("UPDATE rule_item SET retired_on = :d WHERE id = :i").param("d", on).param("i", itemId).update();
    }

    public boolean empty() {
        return jdbc.sql("SELECT COUNT(*) FROM rule_category").query(Long.class).single() == 0;
    }

    /** A validated draft, ready to store. */
    // ---------------------------------------------------------------- county policy

    private static final String POLICY_COLUMNS = """
            base_points, expiry_date, veto_block_months, closed_through, local_adjust_percent, publicity_days,
            claim_max_age_days, reservation_hours, flag_period, star_thresholds, star_person_count,
            board_privacy_allowed, board_privacy_default, board_negative_by_name""";

    /** The county's saved policy; a column still NULL (saved before it existed) takes the seed's value. */
    public Optional<CountyPolicy> policy(long countyId, CountyPolicy seed) {
        return jdbc.sql("SELECT county_id, " + POLICY_COLUMNS + ", updated_by, updated_at FROM county_policy WHERE county_id = :c")
                .param("c", countyId)
                .query((rs, n) -> policyRow(rs, seed, rs.getLong("county_id"), rs.getString("updated_by"),
                        rs.getObject("updated_at", OffsetDateTime.class)))
                .optional();
    }

    private static CountyPolicy policyRow(ResultSet rs, CountyPolicy seed, long countyId, String by,
                                          OffsetDateTime at) throws SQLException {
        String expiry = rs.getString("expiry_date");
        String thresholds = rs.getString("star_thresholds");
        String allowed = rs.getString("board_privacy_allowed");
        return new CountyPolicy(countyId, rs.getInt("base_points"),
                expiry == null ? null : MonthDay.parse("--" + expiry), rs.getInt("veto_block_months"),
                rs.getObject("closed_through", LocalDate.class), rs.getInt("local_adjust_percent"),
                intOr(rs, "publicity_days", seed.publicityDays()),
                intOr(rs, "claim_max_age_days", seed.claimMaxAgeDays()),
                intOr(rs, "reservation_hours", seed.reservationHours()),
                rs.getString("flag_period") == null ? seed.flagPeriod() : rs.getString("flag_period"),
                thresholds == null ? seed.starThresholds()
                        : Arrays.stream(thresholds.split(",")).map(Integer::valueOf).toList(),
                intOr(rs, "star_person_count", seed.starPersonCount()),
                allowed == null ? seed.boardPrivacyAllowed() : List.of(allowed.split(",")),
                rs.getString("board_privacy_default") == null ? seed.boardPrivacyDefault()
                        : rs.getString("board_privacy_default"),
                rs.getObject("board_negative_by_name") == null ? seed.boardNegativeByName()
                        : rs.getBoolean("board_negative_by_name"),
                by, at);
    }

    private static int intOr(ResultSet rs, String column, int otherwise) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? otherwise : v;
    }

    private static JdbcClient.StatementSpec policyParams(JdbcClient.StatementSpec spec, CountyPolicy p) {
        return spec.param("b", p.basePoints()).param("e", p.expiryDate() == null ? null : p.expiryText())
                .param("m", p.vetoBlockMonths()).param("c", p.closedThrough()).param("a", p.localAdjustPercent())
                .param("pd", p.publicityDays()).param("ma", p.claimMaxAgeDays()).param("rh", p.reservationHours())
                .param("fp", p.flagPeriod()).param("st", p.starThresholdsText()).param("sp", p.starPersonCount())
                .param("pa", String.join(",", p.boardPrivacyAllowed())).param("pf", p.boardPrivacyDefault())
                .param("nn", p.boardNegativeByName())
                .param("id", p.countyId()).param("t", p.updatedAt()).param("u", p.updatedBy());
    }

    private static final String POLICY_VALUES = ":b, :e, :m, :c, :a, :pd, :ma, :rh, :fp, :st, :sp, :pa, :pf, :nn";

    public void savePolicy(CountyPolicy p, String reason) {
        int updated = policyParams(jdbc.sql("""
                UPDATE county_policy SET base_points = :b, expiry_date = :e, veto_block_months = :m, closed_through = :c,
                       local_adjust_percent = :a, publicity_days = :pd, claim_max_age_days = :ma,
                       reservation_hours = :rh, flag_period = :fp, star_thresholds = :st, star_person_count = :sp,
                       board_privacy_allowed = :pa, board_privacy_default = :pf, board_negative_by_name = :nn,
                       updated_at = :t, updated_by = :u
                WHERE county_id = :id"""), p).update();
        if (updated == 0) {
            policyParams(jdbc.sql("INSERT INTO county_policy (county_id, " + POLICY_COLUMNS + ", updated_at, updated_by)"
                    + " VALUES (:id, " + POLICY_VALUES + ", :t, :u)"), p).update();
        }
        policyParams(jdbc.sql("INSERT INTO county_policy_change (county_id, " + POLICY_COLUMNS
                + ", changed_at, changed_by, reason) VALUES (:id, " + POLICY_VALUES + ", :t, :u, :r)"), p)
                .param("r", reason).update();
    }

    /** One saved change: the policy as saved (NULL columns from the seed), by whom, when and why. */
    public record SavedPolicy(CountyPolicy policy, String reason) { }

    /** Every saved change of the county's policy, oldest first. */
    public List<SavedPolicy> policyChanges(long countyId, CountyPolicy seed) {
        return jdbc.sql("SELECT county_id, " + POLICY_COLUMNS + ", changed_at, changed_by, reason"
                        + " FROM county_policy_change WHERE county_id = :c ORDER BY changed_at, id")
                .param("c", countyId)
                .query((rs, n) -> new SavedPolicy(policyRow(rs, seed, rs.getLong("county_id"), rs.getString("changed_by"),
                        rs.getObject("changed_at", OffsetDateTime.class)), rs.getString("reason")))
                .list();
    }

    // ---------------------------------------------------------------- local points of county items

    public void insertLocal(long itemId, long orgId, int min, int max, LocalDate from, OffsetDateTime now, String by,
                     String reason) {
        jdbc.sql("""
                INSERT INTO rule_item_local (item_id, org_id, min_points, max_points, valid_from, set_at, set_by, reason)
                VALUES (:i, :o, :min, :max, :f, :t, :u, :r)""")
                .param("i", itemId).param("o", orgId).param("min", min).param("max", max).param("f", from)
                .param("t", now).param("u", by).param("r", reason).update();
    }

    /** The local ranges of the given org units in force on a day: (item, org, min, max), latest first. */
    public List<LocalPoints> localPoints(List<Long> orgIds, LocalDate day) {
        if (orgIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT item_id, org_id, min_points, max_points, valid_from, set_by, reason FROM rule_item_local
                WHERE org_id IN (:o) AND valid_from <= :d
                ORDER BY valid_from DESC, id DESC""")
                .param("o", orgIds).param("d", day)
                .query((rs, n) -> new LocalPoints(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getInt(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7)))
                .list();
    }

    public record Validated(String code, RuleCategory category, String name, String description, RuleSign sign, int minPoints,
                     int maxPoints, RuleUnit unit, Integer householdCap, Integer residentCap, CapPeriod capPeriod,
                     boolean evidenceRequired, Set<Recorder> recorders, boolean partyOnly, boolean veto,
                     boolean needsPublicity, LocalDate validFrom, LocalDate validTo) { }
}
