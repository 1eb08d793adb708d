package cn.jifen.rules;

/** How often an item may be recorded for one household: each time, once a month, once a year. */
public enum RuleUnit { TIME, MONTH, YEAR }
