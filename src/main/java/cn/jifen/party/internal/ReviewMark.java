package cn.jifen.party.internal;

/** A 民主评议 ballot's mark for one member, and what it is worth in the review component (0..100). */
public enum ReviewMark {
    EXCELLENT(100), GOOD(80), BASIC(60), POOR(0);

    private final int percent;

    ReviewMark(int percent) {
        this.percent = percent;
    }

    public int percent() { return percent; }

    public String messageKey() { return "party.mark." + name(); }
}
