package cn.jifen.wishes;

/** OPEN → FULFILLED (a purchase brought it in) or DECLINED (with a reason); neither is undone. */
public enum WishStatus {
    OPEN, FULFILLED, DECLINED;

    public String messageKey() { return "wishes.status." + name(); }
}
