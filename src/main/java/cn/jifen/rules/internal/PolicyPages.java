package cn.jifen.rules.internal;

import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.CountyPolicyChange;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The county's policy: read by admins and auditors, changed by the county admin with a reason. */
@Controller
class PolicyPages {
    /** One row of the history table: the saved change and what it changed, in words. */
    record HistoryLine(CountyPolicyChange change, List<String> changes) { }

    private final CountyPolicies policies;
    private final OrgUnits orgUnits;
    private final MessageSource messages;

    PolicyPages(CountyPolicies policies, OrgUnits orgUnits, MessageSource messages) {
        this.policies = policies;
        this.orgUnits = orgUnits;
        this.messages = messages;
    }

    @GetMapping("/console/policy")
    String show(Actor actor, Model model) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        model.addAttribute("policy", policies.of(orgUnits.byId(actor.orgUnitId())));
        model.addAttribute("history", policies.history(actor).stream()
                .map(c -> new HistoryLine(c, c.changes().stream().map(this::describe).toList())).toList());
        model.addAttribute("canEdit", actor.is(Role.COUNTY_ADMIN));
        model.addAttribute("privacyModes", CountyPolicy.PRIVACY_MODES);
        model.addAttribute("flagPeriods", CountyPolicy.FLAG_PERIODS);
        return "policy";
    }

    /**
     * Saves the form. The notice board's allowed modes are check boxes: the form always sends
     * {@code boardPrivacyAllowedShown}, so none ticked is "none allowed" (refused), not "unchanged".
     */
    @PostMapping("/console/policy")
    String save(Actor actor, @RequestParam(required = false) Integer basePoints,
                @RequestParam(required = false) String expiryDate,
                @RequestParam(required = false) Integer vetoBlockMonths,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closedThrough,
                @RequestParam(required = false) Integer localAdjustPercent,
                @RequestParam(required = false) String reason,
                @RequestParam(required = false) Integer publicityDays,
                @RequestParam(required = false) Integer claimMaxAgeDays,
                @RequestParam(required = false) Integer reservationHours,
                @RequestParam(required = false) String flagPeriod,
                @RequestParam(required = false) List<Integer> starThresholds,
                @RequestParam(required = false) Integer starPersonCount,
                @RequestParam(required = false) List<String> boardPrivacyAllowed,
                @RequestParam(required = false) String boardPrivacyAllowedShown,
                @RequestParam(required = false) String boardPrivacyDefault,
                @RequestParam(required = false) Boolean boardNegativeByName) {
        List<String> allowed = boardPrivacyAllowed == null && boardPrivacyAllowedShown != null ? List.of()
                : boardPrivacyAllowed;
        policies.update(actor, new CountyPolicies.Draft(basePoints, expiryDate, vetoBlockMonths, closedThrough,
                localAdjustPercent, reason, publicityDays, claimMaxAgeDays, reservationHours, flagPeriod,
                starThresholds, starPersonCount, allowed, boardPrivacyDefault, boardNegativeByName));
        return "redirect:/console/policy";
    }

    private String describe(CountyPolicyChange.Difference d) {
        return msg("policy.change", msg("field." + d.field()), value(d.field(), d.before()), value(d.field(), d.after()));
    }

    private String value(String field, String v) {
        if (v == null || v.isEmpty()) {
            return msg("policy.empty");
        }
        return switch (field) {
            case "flagPeriod" -> msg("policy.flagPeriod." + v);
            case "boardPrivacyDefault" -> msg("board.privacy." + v);
            case "boardPrivacyAllowed" -> Arrays.stream(v.split(",")).map(m -> msg("board.privacy." + m))
                    .collect(Collectors.joining("、"));
            case "boardNegativeByName" -> msg(Boolean.parseBoolean(v) ? "policy.yes" : "policy.no");
            default -> v;
        };
    }

    private String msg(String key, Object... args) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, args, key, locale);
    }
}
