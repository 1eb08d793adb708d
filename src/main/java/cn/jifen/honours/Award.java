package cn.jifen.honours;

/** A named award the county defines (最美家庭, 文明家庭 …) and its rule: top N by year score, a minimum score, no veto. */
public record Award(long id, String code, String name, int topN, long minScore, boolean noVeto) { }
