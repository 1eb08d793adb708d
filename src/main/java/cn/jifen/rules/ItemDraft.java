package cn.jifen.rules;

import java.time.LocalDate;
import java.util.Set;

/** What an admin types to create or revise a rule item. */
public record ItemDraft(String code, String categoryCode, String name, String description, String sign,
                        Integer minPoints, Integer maxPoints, String unit, Integer householdCap, Integer residentCap,
                        String capPeriod, boolean evidenceRequired, Set<String> recorders, boolean partyOnly,
                        boolean veto, Boolean needsPublicity, LocalDate validFrom, LocalDate validTo) { }
