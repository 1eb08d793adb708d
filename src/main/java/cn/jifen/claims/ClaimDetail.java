package cn.jifen.claims;

import cn.jifen.rules.RuleItem;
import java.util.List;

/** A claim with its history and objections, as the claim page and the API show it. */
public record ClaimDetail(Claim claim, RuleItem item, List<ClaimEvent> history, List<Objection> objections,
                          List<Appeal> appeals, List<Photo> photos) { }
