package cn.jifen.claims;

/** The outcome of one claim in a batch approval: its new status, or the reason it was refused. */
public record BatchResult(long claimId, boolean ok, String status, String message) { }
