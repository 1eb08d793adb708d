package cn.jifen.claims.internal;

import cn.jifen.shared.PlainText;

/**
 * The written reason of a decision on a claim (review, objection, appeal), kept on the claim's history and in the
 * audit log: at most 500 characters of plain text. Rejecting, objecting, appealing and deciding an objection or an
 * appeal always need it ({@link Required}); an approval needs it only for a veto or over a likely-duplicate flag, and
 * otherwise checks it as optional text (the default group).
 */
record Reason(@PlainText(max = 500)
              @PlainText(max = 500, required = true, groups = Reason.Required.class) String reason) {

    /** The rules of a decision that must say why. */
    interface Required { }
}
