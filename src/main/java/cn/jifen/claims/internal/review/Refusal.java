package cn.jifen.claims.internal.review;

import cn.jifen.shared.Forbidden;

/** Why a reviewer rule refuses a decision: the message key the person is shown (a 403). */
public record Refusal(String messageKey) {
    public Forbidden toForbidden() {
        return new Forbidden(messageKey);
    }
}
