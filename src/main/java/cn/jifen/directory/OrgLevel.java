package cn.jifen.directory;

/** Levels of the org tree, top down. Each level's parent is the level above it. */
public enum OrgLevel {
    COUNTY, TOWN, VILLAGE, GRID;

    public OrgLevel child() {
        return this == GRID ? null : values()[ordinal() + 1];
    }

    public String messageKey() { return "org.level." + name(); }
}
