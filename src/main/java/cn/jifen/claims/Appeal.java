package cn.jifen.claims;

import java.time.OffsetDateTime;

/** An appeal (申诉) by the household against a posted deduction or veto; upheld, the posting is reversed. */
public record Appeal(long id, long claimId, Long raisedBy, String raisedByName, OffsetDateTime raisedAt, String reason,
                     String status, String decidedByName, OffsetDateTime decidedAt, String decisionReason) {
    public boolean open() { return "OPEN".equals(status); }
}
