package cn.jifen.directory;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * What a clerk changes on a household: address, grid, low-income flag, status and, when the status changes, why.
 * The field rules are its constraints; the grid (one of the village's active grids) and the reason a status change
 * needs are checked by {@link Households}.
 */
public record HouseholdChange(@PlainText(max = 200, required = true) String address, String gridCode, boolean lowIncome,
                              @NotNull(message = "{error.household.status}")
                              @Pattern(regexp = Households.STATUS_PATTERN, message = "{error.household.status}")
                              String status,
                              @PlainText(max = 500) String reason) { }
