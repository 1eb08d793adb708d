package cn.jifen.wishes.internal;

import cn.jifen.shared.Conflict;
import cn.jifen.wishes.Wish;

/** The supermarket already has an open wish for the same goods: support that one instead. */
public class DuplicateWish extends Conflict {
    private final transient Wish existing;

    public DuplicateWish(Wish existing) {
        super("error.wishes.duplicate", existing.goodsName(), existing.id(), existing.supports());
        this.existing = existing;
    }

    public Wish existing() { return existing; }
}
