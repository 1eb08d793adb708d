package cn.jifen.rules;

/** A category of the catalogue (党员争优, 志愿服务, …). */
public record RuleCategory(long id, String code, String name, int sortOrder, boolean active) { }
