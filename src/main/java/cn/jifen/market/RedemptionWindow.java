package cn.jifen.market;

import java.time.LocalDateTime;

/** A redemption window (集中兑换日) of a village, in county local time: open from opensAt until closesAt. */
public record RedemptionWindow(long villageId, long id, LocalDateTime opensAt, LocalDateTime closesAt, String title) {

    public boolean isOpenAt(LocalDateTime t) {
        return !t.isBefore(opensAt) && t.isBefore(closesAt);
    }
}
