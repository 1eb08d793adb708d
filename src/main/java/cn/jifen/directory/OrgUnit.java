package cn.jifen.directory;

/** A county, town, village/community or grid. {@code path} lists the ids from the county down. */
public record OrgUnit(long id, String code, String name, OrgLevel level, String villageKind, Long parentId,
                      String path, boolean active) {

    public boolean isVillage() { return level == OrgLevel.VILLAGE; }

    /** Depth below the county, for indenting trees. */
    public int depth() { return level.ordinal(); }
}
