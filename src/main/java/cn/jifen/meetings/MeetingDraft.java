package cn.jifen.meetings;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * A meeting to schedule (the API's body, the page's form): the village by code, the day and the place. The field
 * rules are its constraints; the day's window (two years back, one ahead) is checked by {@link Meetings}.
 */
public record MeetingDraft(String village,
                           @NotNull(message = "{error.required}") LocalDate heldOn,
                           @PlainText(max = 100, required = true) String place) { }
