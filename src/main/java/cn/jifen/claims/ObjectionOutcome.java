package cn.jifen.claims;

/** An objection (异议) raised on one of a household's claims and how it stands; the objector is not named. */
public record ObjectionOutcome(Claim claim, Objection objection) { }
