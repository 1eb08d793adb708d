package cn.jifen.identity;

import cn.jifen.shared.Role;
import java.io.Serializable;
import java.time.OffsetDateTime;

/** A login account (staff or villager), without its password hash. Serializable: it lives in web sessions. */
public record UserAccount(long id, String username, String displayName, Role role, long orgUnitId, String orgCode,
                          String orgName, String orgPath, Long householdId, String phone, boolean mustChangePassword,
                          int failedLogins, OffsetDateTime lockedUntil, boolean active)
        implements Serializable { }
