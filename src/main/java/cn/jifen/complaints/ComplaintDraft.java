package cn.jifen.complaints;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotBlank;

/**
 * What a villager files (or an admin enters for one): the kind ({@code COMPLAINT} or {@code SUGGESTION}), the text
 * and whether the filer's name is kept from the village. The field rules are its constraints; the kind's value and
 * the photos are checked by {@link Complaints}.
 */
public record ComplaintDraft(@NotBlank(message = "{error.required}") String kind,
                             @PlainText(max = Complaints.BODY_MAX, required = true) String body,
                             boolean anonymous) { }
