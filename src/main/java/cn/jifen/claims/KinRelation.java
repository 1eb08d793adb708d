package cn.jifen.claims;

/** A staff account registered as kin (亲属) of a household: it may not record or review for that household. */
public record KinRelation(long villageId, long userId, long householdId, String relation) { }
