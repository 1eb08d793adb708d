package cn.jifen.market.internal;

import cn.jifen.shared.PlainText;

/**
 * The written reason of a decision at the supermarket, kept with it and in the audit log: at most 500 characters of
 * plain text. Cancelling a redemption and rejecting a loss or stock-take must say why ({@link Required}); approving
 * one may (the default group).
 */
public record DecisionReason(@PlainText(max = 500)
                             @PlainText(max = 500, required = true, groups = DecisionReason.Required.class)
                             String reason) {

    /** The rules of a decision that must say why. */
    public interface Required { }
}
