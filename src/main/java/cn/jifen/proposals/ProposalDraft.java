package cn.jifen.proposals;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.util.List;

/**
 * What the village committee writes: title, description, 2–10 options, who votes, the voting period (days in the
 * county's time zone, both included) and, optionally, the catalogue item that taking part earns. The field rules are
 * its constraints; the options' count and distinctness, the period's length and the item are checked by
 * {@link Proposals} (the item against the catalogue).
 */
public record ProposalDraft(@PlainText(max = 100, required = true) String title,
                            @PlainText(max = 2000) String description,
                            List<String> options,
                            @NotBlank(message = "{error.required}") String electorate,
                            @NotNull(message = "{error.required}") LocalDate opensOn,
                            @NotNull(message = "{error.required}") LocalDate closesOn,
                            String itemCode) { }
