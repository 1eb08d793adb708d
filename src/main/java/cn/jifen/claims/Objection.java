package cn.jifen.claims;

import java.time.OffsetDateTime;

/** An objection (异议) raised on a claim in publicity; the village admin upholds or dismisses it. */
public record Objection(long id, long claimId, Long raisedBy, String raisedByName, OffsetDateTime raisedAt,
                        String reason, String status, Long decidedBy, String decidedByName,
                        OffsetDateTime decidedAt, String decisionReason) {
    public boolean open() { return "OPEN".equals(status); }

    /** The objection without who raised it: objectors stay anonymous to all but the reviewers. */
    public Objection anonymous() {
        return new Objection(id, claimId, null, null, raisedAt, reason, status, decidedBy, decidedByName, decidedAt,
                decisionReason);
    }
}
