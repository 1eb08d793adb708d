package cn.jifen.proposals;

import java.time.LocalDate;
import java.util.List;

/**
 * What the village committee writes: title, description, 2–10 options, who votes, the voting period (days in the
 * county's time zone, both included) and, optionally, the catalogue item that taking part earns.
 */
public record ProposalDraft(String title, String description, List<String> options, String electorate,
                            LocalDate opensOn, LocalDate closesOn, String itemCode) { }
