package cn.jifen.shared;

/** Staff and villager roles. Rank orders who may create whom: only strictly lower ranks. */
public enum Role {
    COUNTY_ADMIN(60, true, true),
    TOWN_ADMIN(50, true, true),
    VILLAGE_ADMIN(40, true, true),
    AUDITOR(30, true, false),
    GRID_WORKER(20, true, false),
    KEEPER(10, true, false),
    VILLAGER(0, false, false);

    private final int rank;
    private final boolean staff;
    private final boolean admin;

    Role(int rank, boolean staff, boolean admin) {
        this.rank = rank;
        this.staff = staff;
        this.admin = admin;
    }

    public int rank() { return rank; }

    public boolean isStaff() { return staff; }

    /** Admins change org units, households and users in their scope; others only read or record. */
    public boolean isAdmin() { return admin; }

    public String messageKey() { return "role." + name(); }
}
