package cn.jifen.volunteers;

import cn.jifen.volunteers.internal.ReportKind;
import java.time.OffsetDateTime;

/**
 * An informant's observation: OPEN until the grid worker confirms it into a claim ({@code claimId}; the informant's
 * own participation claim is {@code rewardClaimId}, when the catalogue has the item) or dismisses it with a reason.
 */
public record InformantReport(long villageId, long id, long informantId, String informantName, long gridId,
                              ReportKind kind, String note, Long subjectHouseholdId, String subjectPassbook,
                              boolean hasPhoto, OffsetDateTime reportedAt, String status, String decidedBy,
                              OffsetDateTime decidedAt, String decisionReason, Long claimId, Long rewardClaimId) {
    public boolean open() { return "OPEN".equals(status); }
}
