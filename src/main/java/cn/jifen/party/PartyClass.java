package cn.jifen.party;

/** A party member's class (分类管理). A 流动党员 (MOBILE) is recorded with where they work. */
public enum PartyClass {
    AT_HOME, MOBILE, ELDERLY, EMPLOYED, PROBATIONARY;

    public String messageKey() { return "party.class." + name(); }
}
