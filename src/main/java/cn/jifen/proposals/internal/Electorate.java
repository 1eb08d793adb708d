package cn.jifen.proposals.internal;

/** Who may vote on a proposal: one vote per household, or one per resident aged 18 or more (as the village sets). */
public enum Electorate {
    PER_HOUSEHOLD, PER_ADULT;

    public String messageKey() {
        return "proposals.electorate." + name();
    }
}
