package cn.jifen.notify.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of notify_household_member: the household members signed up to receive its notices. */
@Repository
class MemberSql {
    /** One resident's sign-up; {@code active} false once turned off (who and when kept). */
    record Member(long villageId, long householdId, long residentId, String residentName, String smsPhone,
                  String wechatOpenid, boolean active, String consentNote, String consentBy, OffsetDateTime consentAt,
                  String stoppedBy, OffsetDateTime stoppedAt) { }

    private static final String COLUMNS = """
            village_id, household_id, resident_id, resident_name, sms_phone, wechat_openid, active, consent_note,
            consent_by, consent_at, stopped_by, stopped_at""";

    private final JdbcClient jdbc;

    MemberSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every sign-up of a household, on or off. */
    List<Member> ofHousehold(long villageId, long householdId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_household_member WHERE village_id = :v AND household_id = :h"
                        + " ORDER BY resident_id")
                .param("v", villageId).param("h", householdId).query(MemberSql::member).list();
    }

    /**
     * The active sign-ups of these villages, by village: one statement for a whole batch of events, however many
     * households the batch names.
     */
    Map<Long, List<Member>> activeIn(Collection<Long> villageIds) {
        Map<Long, List<Member>> out = new HashMap<>();
        if (villageIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM notify_household_member WHERE village_id IN (:v) AND active = TRUE")
                .param("v", villageIds).query(MemberSql::member).list()
                .forEach(m -> out.computeIfAbsent(m.villageId(), v -> new ArrayList<>()).add(m));
        return out;
    }

    Optional<Member> one(long villageId, long householdId, long residentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_household_member"
                        + " WHERE village_id = :v AND household_id = :h AND resident_id = :r")
                .param("v", villageId).param("h", householdId).param("r", residentId).query(MemberSql::member)
                .optional();
    }

    /** Signs the resident up (again): the phone, openid and consent are this sign-up's. */
    void signUp(Member m, Long byId) {
        int updated = jdbc.sql("""
                UPDATE notify_household_member SET resident_name = :name, sms_phone = :phone, wechat_openid = :openid,
                    active = TRUE, consent_note = :note, consent_by = :by, consent_by_id = :byId, consent_at = :at,
                    stopped_by = NULL, stopped_at = NULL
                WHERE village_id = :v AND household_id = :h AND resident_id = :r""")
                .param("name", m.residentName()).param("phone", m.smsPhone()).param("openid", m.wechatOpenid())
                .param("note", m.consentNote()).param("by", m.consentBy()).param("byId", byId)
                .param("at", m.consentAt()).param("v", m.villageId()).param("h", m.householdId())
                .param("r", m.residentId()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO notify_household_member (village_id, household_id, resident_id, resident_name, sms_phone,
                        wechat_openid, active, consent_note, consent_by, consent_by_id, consent_at)
                    VALUES (:v, :h, :r, :name, :phone, :openid, TRUE, :note, :by, :byId, :at)""")
                    .param("name", m.residentName()).param("phone", m.smsPhone()).param("openid", m.wechatOpenid())
                    .param("note", m.consentNote()).param("by", m.consentBy()).param("byId", byId)
                    .param("at", m.consentAt()).param("v", m.villageId()).param("h", m.householdId())
                    .param("r", m.residentId()).update();
        }
    }

    /** Turns an active sign-up off; false when there was none. */
    boolean stop(long villageId, long householdId, long residentId, String by, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE notify_household_member SET active = FALSE, stopped_by = :by, stopped_at = :at
                WHERE village_id = :v AND household_id = :h AND resident_id = :r AND active = TRUE""")
                .param("by", by).param("at", at).param("v", villageId).param("h", householdId)
                .param("r", residentId).update() == 1;
    }

    private static Member member(ResultSet rs, int i) throws SQLException {
        return new Member(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getBoolean(7), rs.getString(8), rs.getString(9),
                rs.getObject(10, OffsetDateTime.class), rs.getString(11), rs.getObject(12, OffsetDateTime.class));
    }
}
