package cn.jifen.rules.internal;

import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.CountyPolicyChange;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleCategory;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "rules", description = "积分细则与负面清单（按版本）")
class RuleApi {
    record NewItem(String ownerCode, ItemDraft item) { }

    record Revision(ItemDraft item, String reason) { }

    record Retirement(LocalDate on, String reason) { }

    record CategoryBody(String code, String name, Boolean active) { }

    record LocalBody(Integer minPoints, Integer maxPoints, LocalDate validFrom, String reason) { }

    /** The county policy as JSON: the expiry date as "MM-dd" (null = never). */
    record PolicyView(int basePoints, String expiryDate, int vetoBlockMonths, LocalDate closedThrough,
                      int localAdjustPercent, int publicityDays, int claimMaxAgeDays, int reservationHours,
                      String flagPeriod, List<Integer> starThresholds, int starPersonCount,
                      List<String> boardPrivacyAllowed, String boardPrivacyDefault, boolean boardNegativeByName,
                      String updatedBy, OffsetDateTime updatedAt) {
        static PolicyView of(CountyPolicy p) {
            return new PolicyView(p.basePoints(), p.expiryDate() == null ? null : p.expiryText(), p.vetoBlockMonths(),
                    p.closedThrough(), p.localAdjustPercent(), p.publicityDays(), p.claimMaxAgeDays(),
                    p.reservationHours(), p.flagPeriod(), p.starThresholds(), p.starPersonCount(),
                    p.boardPrivacyAllowed(), p.boardPrivacyDefault(), p.boardNegativeByName(), p.updatedBy(),
                    p.updatedAt());
        }
    }

    private final RuleCatalogue catalogue;
    private final CountyPolicies policies;
    private final OrgUnits orgUnits;
    private final Clock clock;

    RuleApi(RuleCatalogue catalogue, CountyPolicies policies, OrgUnits orgUnits, Clock clock) {
        this.catalogue = catalogue;
        this.policies = policies;
        this.orgUnits = orgUnits;
        this.clock = clock;
    }

    @GetMapping("/policy")
    @Operation(summary = "县积分政策：基础分、清零日期、否决后暂停兑换月数、关账日期、镇村调整幅度、县默认公示天数、"
            + "可补录天数、网上预订保留小时、流动红旗周期、星级党员分数线、正能量红人候选人数、公示栏显示方式")
    PolicyView policy(@Parameter(hidden = true) Actor actor) {
        requirePolicyReader(actor);
        return PolicyView.of(policies.of(orgUnits.byId(actor.orgUnitId())));
    }

    @PutMapping("/policy")
    @Operation(summary = "修改县积分政策（县管理员，须写明原因；前五项必填，其余各项不传则保持不变）")
    PolicyView updatePolicy(@Parameter(hidden = true) Actor actor, @RequestBody CountyPolicies.Draft body) {
        return PolicyView.of(policies.update(actor, body));
    }

    @GetMapping("/policy/history")
    @Operation(summary = "县积分政策的修改记录（新的在前）：每次保存后的政策、谁、何时、原因，以及改了哪些项（原值 → 新值）")
    List<CountyPolicyChange> policyHistory(@Parameter(hidden = true) Actor actor) {
        requirePolicyReader(actor);
        return policies.history(actor);
    }

    @PostMapping("/rules/{code}/local-points")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "镇、村在县定幅度内设定县细则项目的本地分值（自某日起，不追溯）")
    LocalPoints localPoints(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody LocalBody body) {
        return catalogue.adjustPoints(actor, orgUnits.byId(actor.orgUnitId()).code(), code, body.minPoints(),
                body.maxPoints(), body.validFrom(), body.reason());
    }

    private static void requirePolicyReader(Actor actor) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
    }

    @GetMapping("/rules")
    @Operation(summary = "某日生效的积分细则（默认今天）")
    List<RuleItem> inForce(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) LocalDate date) {
        return catalogue.inForce(date == null ? LocalDate.now(clock) : date);
    }

    @GetMapping("/rules/{code}/versions")
    List<RuleItem> history(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return catalogue.history(code);
    }

    @PostMapping("/rules")
    @ResponseStatus(HttpStatus.CREATED)
    RuleItem create(@Parameter(hidden = true) Actor actor, @RequestBody NewItem body) {
        if (body.item() == null) {
            throw InvalidInput.of("item", "error.required");
        }
        return catalogue.create(actor, body.ownerCode(), body.item());
    }

    @PostMapping("/rules/{code}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    RuleItem revise(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody Revision body) {
        if (body.item() == null) {
            throw InvalidInput.of("item", "error.required");
        }
        return catalogue.revise(actor, code, body.item(), body.reason());
    }

    @PostMapping("/rules/{code}/retire")
    void retire(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody Retirement body) {
        catalogue.retire(actor, code, body.on(), body.reason());
    }

    @GetMapping("/rule-categories")
    List<RuleCategory> categories(@Parameter(hidden = true) Actor actor) {
        return catalogue.categories();
    }

    @PostMapping("/rule-categories")
    @ResponseStatus(HttpStatus.CREATED)
    RuleCategory createCategory(@Parameter(hidden = true) Actor actor, @RequestBody CategoryBody body) {
        return catalogue.createCategory(actor, body.code(), body.name());
    }

    @PatchMapping("/rule-categories/{code}")
    RuleCategory updateCategory(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                @RequestBody CategoryBody body) {
        return catalogue.updateCategory(actor, code, body.name(), body.active() == null || body.active());
    }
}
