package cn.jifen.rules;

/** Who may record an item: a grid worker, a village admin, or the villager by self-declaration. */
public enum Recorder { GRID_WORKER, VILLAGE_ADMIN, SELF }
