package cn.jifen.proposals;

import cn.jifen.proposals.internal.Electorate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A proposal (议事事项) of a village. {@code votes} is how many have voted so far; {@code electorateSize} is set when
 * it is published. {@code awarded} counts the participation claims recorded when it closed (null: none were due).
 */
public record Proposal(long villageId, long id, String villageName, String title, String description,
                       List<String> options, Electorate electorate, LocalDate opensOn, LocalDate closesOn,
                       String itemCode, ProposalStatus status, Integer electorateSize, long votes, String createdBy,
                       OffsetDateTime createdAt, OffsetDateTime publishedAt, OffsetDateTime closedAt,
                       String withdrawReason, Integer awarded) {

    /** Open for votes on this day: published and the day within the voting period. */
    public boolean votingOn(LocalDate day) {
        return status == ProposalStatus.OPEN && !day.isBefore(opensOn) && !day.isAfter(closesOn);
    }

    public String key() {
        return villageId + "/" + id;
    }
}
