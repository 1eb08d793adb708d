package cn.jifen.shared;

/**
 * Who is acting: the authenticated user, bound to one org unit. {@code orgPath} is the unit's
 * materialised path ('/1/4/9/'); a unit is in scope when its path starts with it.
 */
public record Actor(long userId, String username, String displayName, Role role, long orgUnitId,
                    String orgPath, Long householdId, String remoteAddr) {

    public boolean covers(String path) {
        return path != null && path.startsWith(orgPath);
    }

    public boolean is(Role r) { return role == r; }

    public boolean isStaff() { return role.isStaff(); }

    public boolean isAdmin() { return role.isAdmin(); }

    /** Whether this is the villager account of the household (a villager sees only its own household's records). */
    public boolean ownsHousehold(long villageId, long household) {
        return role == Role.VILLAGER && householdId != null && householdId == household && orgUnitId == villageId;
    }

    public Actor from(String addr) {
        return new Actor(userId, username, displayName, role, orgUnitId, orgPath, householdId, addr);
    }

    /** The actor of work the system does by itself (demo load, scheduled jobs). */
    public static Actor system(String orgPath) {
        return new Actor(0, "system", "系统", Role.COUNTY_ADMIN, 0, orgPath, null, null);
    }
}
