package cn.jifen.claims;

/** One state change of one of a household's claims, as its villager sees it (who did it is not named). */
public record ClaimChange(Claim claim, ClaimEvent event) { }
