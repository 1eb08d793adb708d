package cn.jifen.honours;

import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A named award the county defines or redefines (评选项目; the API's path and body, the page's form): its code, its
 * name, how many top households it takes, the least score and whether a veto excludes. Every rule is a constraint.
 */
public record AwardDraft(@Code String code,
                         @PlainText(max = 50, required = true) String name,
                         @NotNull(message = "{error.honours.topN}") @Min(value = 1, message = "{error.honours.topN}")
                         @Max(value = 1000, message = "{error.honours.topN}") Integer topN,
                         @NotNull(message = "{error.honours.minScore}")
                         @PositiveOrZero(message = "{error.honours.minScore}") Long minScore,
                         boolean noVeto) { }
