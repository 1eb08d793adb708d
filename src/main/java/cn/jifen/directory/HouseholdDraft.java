package cn.jifen.directory;

import java.util.List;

/** What a clerk types (or a roster row holds) to register a household. */
public record HouseholdDraft(String householdRef, String gridCode, String address, boolean lowIncome,
                             List<ResidentDraft> members) { }
