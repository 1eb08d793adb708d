package cn.jifen.party;

/** A commitment post (设岗定责) a party member takes for a year. */
public enum PartyPost {
    POLICY, ENVIRONMENT, MEDIATION, PATROL, CARE, INDUSTRY;

    public String messageKey() { return "party.post." + name(); }
}
