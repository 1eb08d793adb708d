package cn.jifen.claims;

import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDateTime;

/**
 * What a village admin types to publish an activity (the API's body, the page's form): the village by code, a title, a
 * place, the start, the earning item and its points, the quota and the length in minutes (null: two hours). The field
 * rules are its constraints; the quota's and the length's ranges, the item in force that day and its points are
 * checked by {@link Activities}.
 */
public record ActivityDraft(String village,
                            @PlainText(max = 100, required = true) String title,
                            @PlainText(max = 200, required = true) String place,
                            @NotNull(message = "{error.required}") LocalDateTime startsAt,
                            @Code String itemCode,
                            Integer points, Integer quota, Integer durationMinutes) { }
