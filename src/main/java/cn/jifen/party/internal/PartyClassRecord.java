package cn.jifen.party.internal;

import cn.jifen.party.PartyClass;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One class decision: in force from {@code effectiveOn} until the member's next one. */
public record PartyClassRecord(long id, long residentId, PartyClass partyClass, String worksAt, LocalDate effectiveOn,
                               String reason, String setBy, OffsetDateTime setAt) { }
