package cn.jifen.rules;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.LocalDate;
import java.util.Set;

/**
 * What an admin types to create or revise a rule item. The single-field rules are its constraints; the code (checked
 * only for a new item), the category (it must exist and be active), the choices, the points range and the dates are
 * checked by {@link RuleCatalogue}.
 */
public record ItemDraft(String code,
                        @NotBlank(message = "{error.required}") String categoryCode,
                        @PlainText(max = 100, required = true) String name,
                        @PlainText(max = 1000) String description,
                        String sign,
                        Integer minPoints, Integer maxPoints, String unit,
                        @Positive(message = "{error.rules.cap}") Integer householdCap,
                        @Positive(message = "{error.rules.cap}") Integer residentCap,
                        String capPeriod, boolean evidenceRequired, Set<String> recorders, boolean partyOnly,
                        boolean veto, Boolean needsPublicity, LocalDate validFrom, LocalDate validTo) { }
