package cn.jifen.honours;

/** Who a ranking ranks: households, residents, or party members (on the 党员争优 category, within their branch). */
public enum Subject {
    HOUSEHOLD, RESIDENT, PARTY
}
