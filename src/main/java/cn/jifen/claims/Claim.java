package cn.jifen.claims;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A claim (积分申报/记录) of one rule item version for one household. Identified by (villageId, id). */
public record Claim(long villageId, long id, long householdId, Long residentId, long itemId, int itemVersion,
                    String itemCode, String itemLabel, int points, LocalDate occurredOn, String note,
                    ClaimStatus status, boolean selfDeclared, boolean onBehalf, boolean likelyDuplicate,
                    long recordedBy, String recordedByName, String recorderRole, OffsetDateTime recordedAt,
                    Long firstApprover, String firstApproverName, Long decidedBy, String decidedByName,
                    OffsetDateTime decidedAt, String decisionReason, OffsetDateTime publicityEndsAt,
                    UUID postingId, OffsetDateTime postedAt, String passbookNumber, String residentName)  {

    /**
     * The message key of the status as it stands now: a claim whose publicity has ended but that the
     * every-minute posting run has not reached yet reads "公示期已满，待入账" (reading never posts it).
     */
    public String statusKey() {
        if (status == ClaimStatus.IN_PUBLICITY && publicityEndsAt != null && !publicityEndsAt.isAfter(OffsetDateTime.now())) {
            return "claims.status.DUE";
        }
        return status.messageKey();
    }
}
