package cn.jifen.directory;

import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;
import java.util.List;

/**
 * What a clerk types to register a household. The single-field rules are its constraints; the grid (one of the
 * village's active grids) and the members (by the resident rules the roster import shares: one head, no name twice,
 * an ID card registered once) are checked by {@link Households}.
 */
public record HouseholdDraft(@Code String householdRef, String gridCode,
                             @PlainText(max = 200, required = true) String address, boolean lowIncome,
                             List<ResidentDraft> members) { }
