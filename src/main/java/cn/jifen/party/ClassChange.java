package cn.jifen.party;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;

/**
 * A party member's new class (the API's body, the page's form): the village by code, the class, where a mobile member
 * works, the reason and the first day. The field rules are its constraints; the class's value, a mobile member's
 * workplace and the day's range are checked by {@link Party}.
 */
public record ClassChange(String village, String classCode,
                          @PlainText(max = 100) String worksAt,
                          @PlainText(max = 200, required = true) String reason,
                          @NotNull(message = "{error.required}") LocalDate effectiveOn) { }
