package cn.jifen.meetings;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * A member to add to the village's review panel (the API's body, the page's forms): the village by code, the kind
 * ({@code STAFF} with a user account of the village, {@code RESIDENT} with a resident of it), the duty and the first
 * day. The field rules are its constraints; the kind, the day's window and who may sit are checked by
 * {@link Meetings}.
 */
public record PanelDraft(String village, String kind,
                         @PlainText(max = 50, required = true) String duty,
                         @NotNull(message = "{error.required}") LocalDate joinedOn,
                         Long userId, Long residentId) {

    public static final String STAFF = "STAFF";
    public static final String RESIDENT = "RESIDENT";
}
