package cn.jifen.claims;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.Default;
import java.time.LocalDate;

/**
 * What a recorder (or declaring villager) submits. The household is named by id or by passbook number;
 * {@code onBehalf} marks a declaration made by a relative or clerk for an (elderly) villager.
 * <p>The field rules are its constraints, in two groups: a claim to record ({@link ToRecord}) names its item and its
 * day; a saved draft ({@link ToSave}) may leave them out but keeps its text storable. The household, the item in
 * force, the points and the family member are checked by the service (they need the database).
 */
public record ClaimDraft(Long villageId, Long householdId, String passbookNumber,
                         @NotBlank(message = "{error.required}", groups = ToRecord.class)
                         @PlainText(max = 32, groups = ToSave.class) String itemCode,
                         Integer points,
                         @NotNull(message = "{error.required}", groups = ToRecord.class) LocalDate occurredOn,
                         Long residentId,
                         @PlainText(max = 500) String note,
                         boolean onBehalf) {

    /** The rules of a claim to record: the default ones and a named item and day. */
    public interface ToRecord extends Default { }

    /** The rules of a draft to save, however incomplete: the default ones and an item code that fits its column. */
    public interface ToSave extends Default { }
}
