package cn.jifen.honours;

import cn.jifen.shared.Period;
import java.util.List;

/** A ranking over a scope (grid, village, town or county), a period and optionally one rule category. */
public record Ranking(String scopeCode, String scopeName, String scopeLevel, Subject subject, Period period,
                      String categoryCode, String categoryName, List<RankLine> lines) { }
