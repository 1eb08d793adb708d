package cn.jifen.identity.internal;

import cn.jifen.identity.UserAccount;
import cn.jifen.shared.Role;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL on app_user and api_token; org units are read through the directory's org_unit_v view. */
@Repository
public class UserSql {
    private static final String SELECT = """
            SELECT u.id, u.username, u.display_name, u.role, u.org_unit_id, o.code, o.name, o.path, u.household_id,
                   u.phone, u.must_change_password, u.failed_logins, u.locked_until, u.active, u.password_hash,
                   u.credential_version
            FROM app_user u JOIN org_unit_v o ON o.id = u.org_unit_id
            """;
    private static final RowMapper<UserAccount> MAPPER = (rs, i) -> new UserAccount(rs.getLong("id"),
            rs.getString("username"), rs.getString("display_name"), Role.valueOf(rs.getString("role")),
            rs.getLong("org_unit_id"), rs.getString("code"), rs.getString("name"), rs.getString("path"),
            (Long) rs.getObject("household_id", Long.class), rs.getString("phone"),
            rs.getBoolean("must_change_password"), rs.getInt("failed_logins"),
            rs.getObject("locked_until", OffsetDateTime.class), rs.getBoolean("active"));

    public record WithHash(UserAccount user, String hash, String stamp) { }

    /** What a session or token was issued under: any change to it ends them (see {@link #stamp}). */
    static String stamp(long credentialVersion, UserAccount u) {
        return stamp(credentialVersion, u.role().name(), u.orgUnitId(), u.householdId());
    }

    // V12 backfills existing tokens with the same format in SQL: change both together
    private static String stamp(long credentialVersion, String role, long orgUnitId, Long householdId) {
        return credentialVersion + ":" + role + ":" + orgUnitId + ":" + (householdId == null ? "-" : householdId);
    }

    private static final RowMapper<WithHash> WITH_HASH = (rs, i) -> {
        UserAccount u = MAPPER.mapRow(rs, i);
        return new WithHash(u, rs.getString("password_hash"), stamp(rs.getLong("credential_version"), u));
    };

    private final JdbcClient jdbc;

    UserSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<WithHash> byUsername(String username) {
        return jdbc.sql(SELECT + " WHERE u.username = :u").param("u", username).query(WITH_HASH).optional();
    }

    Optional<WithHash> withStamp(long id) {
        return jdbc.sql(SELECT + " WHERE u.id = :id").param("id", id).query(WITH_HASH).optional();
    }

    /** The stamp of an active account right now (read on every request: no cache may delay an ending). */
    Optional<String> activeStamp(long id) {
        return jdbc.sql("""
                SELECT credential_version, role, org_unit_id, household_id FROM app_user WHERE id = :id AND active = TRUE""")
                .param("id", id)
                .query((rs, i) -> stamp(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getObject(4, Long.class)))
                .optional();
    }

    public Optional<UserAccount> byId(long id) {
        return jdbc.sql(SELECT + " WHERE u.id = :id").param("id", id).query(MAPPER).optional();
    }

    public List<UserAccount> byIds(Collection<Long> ids) {
        return ids.isEmpty() ? List.of()
                : jdbc.sql(SELECT + " WHERE u.id IN (:ids)").param("ids", ids).query(MAPPER).list();
    }

    public List<UserAccount> activeWithRoleIn(Role role, Collection<Long> unitIds) {
        return jdbc.sql(SELECT + " WHERE u.role = :r AND u.active = TRUE AND u.org_unit_id IN (:units) ORDER BY u.username")
                .param("r", role.name()).param("units", unitIds).query(MAPPER).list();
    }

    public List<String> villagerUsernamesByPhone(String phone) {
        return jdbc.sql("SELECT username FROM app_user WHERE phone = :p AND role = 'VILLAGER' AND active = TRUE")
                .param("p", phone).query(String.class).list();
    }

    public List<UserAccount> villagersOf(long villageId, Collection<Long> householdIds) {
        return jdbc.sql(SELECT + " WHERE u.role = 'VILLAGER' AND u.org_unit_id = :v AND u.household_id IN (:h)")
                .param("v", villageId).param("h", householdIds).query(MAPPER).list();
    }

    public List<UserAccount> villagersOf(long villageId) {
        return jdbc.sql(SELECT + " WHERE u.role = 'VILLAGER' AND u.org_unit_id = :v").param("v", villageId)
                .query(MAPPER).list();
    }

    public Optional<UserAccount> villagerOf(long villageId, long householdId) {
        return jdbc.sql(SELECT + " WHERE u.role = 'VILLAGER' AND u.org_unit_id = :v AND u.household_id = :h")
                .param("v", villageId).param("h", householdId).query(MAPPER).optional();
    }

    public List<UserAccount> under(String path, boolean includeVillagers) {
        return jdbc.sql(SELECT + " WHERE o.path LIKE :p" + (includeVillagers ? "" : " AND u.role <> 'VILLAGER'")
                        + " ORDER BY o.path, u.role, u.username")
                .param("p", path + "%").query(MAPPER).list();
    }

    public List<UserAccount> under(String path, boolean includeVillagers, int limit, long offset) {
        return jdbc.sql(SELECT + " WHERE o.path LIKE :p" + (includeVillagers ? "" : " AND u.role <> 'VILLAGER'")
                        + " ORDER BY o.path, u.role, u.username, u.id LIMIT :lim OFFSET :off")
                .param("p", path + "%").param("lim", limit).param("off", offset).query(MAPPER).list();
    }

    public long countUnder(String path, boolean includeVillagers) {
        return jdbc.sql("SELECT COUNT(*) FROM app_user u JOIN org_unit_v o ON o.id = u.org_unit_id WHERE o.path LIKE :p"
                        + (includeVillagers ? "" : " AND u.role <> 'VILLAGER'"))
                .param("p", path + "%").query(Long.class).single();
    }

    public long insert(String username, String displayName, String hash, Role role, long orgUnitId, Long householdId,
                String phone, boolean mustChange, OffsetDateTime now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO app_user (username, display_name, password_hash, role, org_unit_id, household_id, phone,
                                      must_change_password, failed_logins, active, created_at)
                VALUES (:u, :d, :h, :r, :o, :hh, :p, :m, 0, TRUE, :now)""")
                .param("u", username).param("d", displayName).param("h", hash).param("r", role.name())
                .param("o", orgUnitId).param("hh", householdId).param("p", phone).param("m", mustChange)
                .param("now", now).update(keys, "id");
        return keys.getKey().longValue();
    }

    public void setPassword(long id, String hash, boolean mustChange) {
        // a new password ends every session and token issued under the old one (credential_version)
        jdbc.sql("""
                UPDATE app_user SET password_hash = :h, must_change_password = :m, failed_logins = 0, locked_until = NULL,
                                    credential_version = credential_version + 1 WHERE id = :id""")
                .param("h", hash).param("m", mustChange).param("id", id).update();
    }

    public void setActive(long id, boolean active) {
        // raised on activation too, so re-activating an account does not bring its old sessions back
        jdbc.sql("UPDATE app_user SET active = :a, credential_version = credential_version + 1 WHERE id = :id")
                .param("a", active).param("id", id).update();
    }

    /** Counts a failed login in the database (so every instance sees it) and locks at the limit. */
    void recordFailure(String username, int limit, OffsetDateTime lockUntil) {
        jdbc.sql("UPDATE app_user SET failed_logins = failed_logins + 1 WHERE username = :u")
                .param("u", username).update();
        jdbc.sql("UPDATE app_user SET locked_until = :t, failed_logins = 0 WHERE username = :u AND failed_logins >= :l")
                .param("t", lockUntil).param("u", username).param("l", limit).update();
    }

    void recordSuccess(String username) {
        jdbc.sql("UPDATE app_user SET failed_logins = 0 WHERE username = :u AND failed_logins <> 0")
                .param("u", username).update();
    }

    void insertToken(long userId, String hash, String stamp, OffsetDateTime now, OffsetDateTime expires) {
        jdbc.sql("""
                INSERT INTO api_token (user_id, token_hash, credential_stamp, created_at, expires_at)
                VALUES (:u, :h, :s, :n, :e)""")
                .param("u", userId).param("h", hash).param("s", stamp).param("n", now).param("e", expires).update();
    }

    /**
     * The account behind a live token and the stamp the token was issued under, in one statement (the counter's
     * every request starts here).
     */
    Optional<TokenAccount> tokenAccount(String hash, OffsetDateTime now) {
        return jdbc.sql(SELECT.replace("FROM app_user u", ", t.credential_stamp AS token_stamp FROM api_token t "
                        + "JOIN app_user u ON u.id = t.user_id")
                        + " WHERE t.token_hash = :h AND t.revoked_at IS NULL AND t.expires_at > :now")
                .param("h", hash).param("now", now)
                .query((rs, i) -> new TokenAccount(WITH_HASH.mapRow(rs, i), rs.getString("token_stamp"))).optional();
    }

    record TokenAccount(WithHash account, String tokenStamp) { }

    int revokeToken(String hash, OffsetDateTime now) {
        return jdbc.sql("UPDATE api_token SET revoked_at = :now WHERE token_hash = :h AND revoked_at IS NULL")
                .param("now", now).param("h", hash).update();
    }

    public int revokeAllTokens(long userId, OffsetDateTime now) {
        return jdbc.sql("UPDATE api_token SET revoked_at = :now WHERE user_id = :u AND revoked_at IS NULL")
                .param("now", now).param("u", userId).update();
    }

    boolean anyCountyAdmin() {
        return jdbc.sql("SELECT COUNT(*) FROM app_user WHERE role = 'COUNTY_ADMIN'").query(Long.class).single() > 0;
    }
}
