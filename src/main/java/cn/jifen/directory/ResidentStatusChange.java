package cn.jifen.directory;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** A resident's new status (living here, moved out, deceased) and why (kept in the audit log). */
public record ResidentStatusChange(@NotNull(message = "{error.household.status}")
                                   @Pattern(regexp = Households.STATUS_PATTERN, message = "{error.household.status}")
                                   String status,
                                   @PlainText(max = 500, required = true) String reason) { }
