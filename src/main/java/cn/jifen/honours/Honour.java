package cn.jifen.honours;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** An honour as stored, with who decided it and (for a flag) the system's proposal and the override reason. */
public record Honour(long villageId, long id, String kind, String periodLabel, LocalDate periodFrom, LocalDate periodTo,
                     long householdId, Long residentId, String holderName, long score, Integer stars, Long awardId,
                     Long proposedHouseholdId, String overrideReason, String serial, String verifyCode,
                     LocalDate awardedOn, String decidedBy, OffsetDateTime decidedAt) {

    public boolean overridden() {
        return proposedHouseholdId != null && proposedHouseholdId != householdId;
    }
}
