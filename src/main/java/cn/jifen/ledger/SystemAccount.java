package cn.jifen.ledger;

/** The village's system accounts, the other side of every passbook leg. */
public enum SystemAccount {
    /** Points issued (earned): goes negative as points are awarded. */
    ISSUED,
    /** Points redeemed for goods. */
    REDEEMED,
    /** Points forfeited by deduction, veto or expiry. */
    FORFEITED
}
