package cn.jifen.honours.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Award;
import cn.jifen.honours.AwardDraft;
import cn.jifen.honours.CertificateFacts;
import cn.jifen.honours.Consents;
import cn.jifen.honours.Honour;
import cn.jifen.honours.HonourRecord;
import cn.jifen.honours.HonourRecords;
import cn.jifen.honours.Honours;
import cn.jifen.honours.ReferenceCertificate;
import cn.jifen.honours.ReferenceCertificates;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
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
@Tag(name = "honours", description = "评优（流动红旗、正能量红人、星级党员、评选）与积分证明")
public class HonoursApi {
    public record FlagBody(String village, String period, Long householdId, String reason) { }

    public record PersonsBody(String village, String period, List<Long> residentIds) { }

    public record FreezeBody(String village, @NotNull(message = "{error.required}") Integer year) { }

    public record AwardBody(String name, Integer topN, Long minScore, Boolean noVeto) { }

    public record DecisionBody(String village, @NotNull(message = "{error.required}") Integer year, List<Long> householdIds,
                        String note) { }

    public record IssueBody(Long villageId, Long householdId, String passbookNumber, Long residentId, String purpose,
                     String purposeNote, LocalDate from, LocalDate to) { }

    public record ReasonBody(String reason) { }

    public record ConsentBody(String partner, String note) { }

    public record PartnerBody(String partner) { }

    public record MyHonours(List<Honour> honours, List<ReferenceCertificate> certificates) { }

    /** What the public verification shows: no code, the holder's name partly hidden. */
    public record Verification(String kind, String serial, String villageName, String holder, String purpose,
                        String purposeNote, LocalDate periodFrom, LocalDate periodTo, CertificateFacts facts,
                        LocalDate issuedOn, boolean revoked, LocalDate revokedOn, String revokeReason) { }

    private final Honours honours;
    private final HonourRecords records;
    private final ReferenceCertificates certificates;
    private final Consents consents;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Clock clock;

    public HonoursApi(Honours honours, HonourRecords records, ReferenceCertificates certificates, Consents consents,
               Households households, OrgUnits orgUnits, Clock clock) {
        this.clock = clock;
        this.honours = honours;
        this.records = records;
        this.certificates = certificates;
        this.consents = consents;
        this.households = households;
        this.orgUnits = orgUnits;
    }

    @GetMapping("/honours/flag")
    @Operation(summary = "流动红旗：本期推荐、已评定的获得者与历届记录（period 如 2026-11 或 2026-Q4）")
    public Honours.FlagState flag(@Parameter(hidden = true) Actor actor, @RequestParam String village,
                           @RequestParam(required = false) String period) {
        return honours.flag(actor, village, period);
    }

    @PostMapping("/honours/flag")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "评定流动红旗：不给 householdId 即确认系统推荐；改选他户须写 reason")
    public Honour confirmFlag(@Parameter(hidden = true) Actor actor, @RequestBody FlagBody b) {
        return honours.confirmFlag(actor, b.village(), b.period(), b.householdId(), b.reason());
    }

    @GetMapping("/honours/star-persons")
    @Operation(summary = "正能量红人：本期推荐的前几名村民与已颁发的证书")
    public Honours.StarPersonState persons(@Parameter(hidden = true) Actor actor, @RequestParam String village,
                                    @RequestParam(required = false) String period) {
        return honours.starPersons(actor, village, period);
    }

    @PostMapping("/honours/star-persons")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "从推荐名单中评定正能量红人（每人一份带编号和核验码的证书）")
    public List<Honour> awardPersons(@Parameter(hidden = true) Actor actor, @RequestBody PersonsBody b) {
        return honours.awardStarPersons(actor, b.village(), b.period(), b.residentIds());
    }

    @GetMapping("/honours/stars")
    @Operation(summary = "星级党员：某年度的星级（未固定时按当前党员争优积分实时计算）")
    public Honours.StarState stars(@Parameter(hidden = true) Actor actor, @RequestParam String village,
                            @RequestParam(required = false) Integer year) {
        return honours.stars(actor, village, year == null ? LocalDate.now(clock).getYear() : year);
    }

    @PostMapping("/honours/stars/freeze")
    @Operation(summary = "年度结束后固定某年的星级")
    public List<Honour> freeze(@Parameter(hidden = true) Actor actor, @Valid @RequestBody FreezeBody b) {
        return honours.freezeStars(actor, b.village(), b.year());
    }

    @GetMapping("/honours/awards")
    @Operation(summary = "县里设立的评选项目（最美家庭、文明家庭等）及其规则")
    public List<Award> awards(@Parameter(hidden = true) Actor actor) {
        return honours.awards();
    }

    @PutMapping("/honours/awards/{code}")
    @Operation(summary = "设立或修改评选项目（县级管理员）：前 topN 名、最低积分 minScore、noVeto 有否决不参评")
    public Award defineAward(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody AwardBody b) {
        return honours.defineAward(actor, new AwardDraft(code, b.name(), b.topN(), b.minScore(),
                !Boolean.FALSE.equals(b.noVeto())));
    }

    @GetMapping("/honours/awards/{code}/candidates")
    @Operation(summary = "某村某年度的评选候选名单及已记录的评选结果")
    public Honours.Candidates candidates(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                  @RequestParam String village, @RequestParam Integer year) {
        return honours.candidates(actor, village, code, year);
    }

    @PostMapping("/honours/awards/{code}/decision")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "记录评审结果（所选农户须在候选名单中）")
    public List<Honour> decide(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                        @Valid @RequestBody DecisionBody b) {
        return honours.decide(actor, b.village(), code, b.year(), b.householdIds(), b.note());
    }

    @GetMapping("/honours/awarded")
    @Operation(summary = "某村（镇、县）在日期范围内评定的全部荣誉")
    public List<HonourRecord> awarded(@Parameter(hidden = true) Actor actor, @RequestParam String scope,
                               @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        honours.checkReader(actor);
        OrgUnit unit = orgUnits.visible(actor, scope);
        List<Long> villages = orgUnits.villagesVisible(Actor.system(unit.path())).stream().map(OrgUnit::id).toList();
        return records.awarded(unit.isVillage() ? List.of(unit.id()) : villages, from, to);
    }

    @GetMapping("/me/honours")
    @Operation(summary = "村民：本户的荣誉和积分证明")
    public MyHonours mine(@Parameter(hidden = true) Actor actor) {
        if (actor.householdId() == null) {
            throw Forbidden.role();
        }
        return new MyHonours(honours.ofHousehold(actor, actor.orgUnitId(), actor.householdId()), certificates.mine(actor));
    }

    // ------------------------------------------------------------------ certificates

    @PostMapping("/certificates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "开具积分证明（purpose: PARTY_APPLICATION|RESERVE_CADRE|CREDIT_LOAN|OTHER；信用贷款需农户已登记同意）")
    public ReferenceCertificate issue(@Parameter(hidden = true) Actor actor, @RequestBody IssueBody b) {
        long villageId;
        long householdId;
        if (b.passbookNumber() != null && !b.passbookNumber().isBlank()) {
            Household h = households.byPassbook(actor, b.passbookNumber());
            villageId = h.villageId();
            householdId = h.id();
        } else {
            if (b.villageId() == null || b.householdId() == null) {
                throw InvalidInput.of("passbookNumber", "error.required");
            }
            villageId = b.villageId();
            householdId = b.householdId();
        }
        return certificates.issue(actor, new ReferenceCertificates.Request(villageId, householdId, b.residentId(),
                b.purpose(), b.purposeNote(), b.from(), b.to()));
    }

    @GetMapping("/certificates")
    @Operation(summary = "某村开具的积分证明，新的在前（合作银行账号只看到登记同意的农户）；分页（page、size），附总数 total")
    public Page<ReferenceCertificate> list(@Parameter(hidden = true) Actor actor, @RequestParam String village,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size) {
        return certificates.list(actor, village, Paging.of(page, size));
    }

    @GetMapping("/certificates/{villageId}/{id}")
    public ReferenceCertificate get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return certificates.get(actor, villageId, id);
    }

    @PostMapping("/certificates/{villageId}/{id}/revoke")
    @Operation(summary = "作废积分证明（须写理由）；核验页随即显示已作废")
    public ReferenceCertificate revoke(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                                @RequestBody(required = false) ReasonBody b) {
        return certificates.revoke(actor, villageId, id, b == null ? null : b.reason());
    }

    @GetMapping("/public/verify/{code}")
    @Operation(summary = "公开核验积分证明或荣誉证书（无需登录）")
    public Verification verify(@PathVariable String code) {
        var c = certificates.byCode(code);
        if (c.isPresent()) {
            ReferenceCertificate r = c.get();
            return new Verification("REFERENCE", r.serial(), r.villageName(), r.maskedName(), r.purpose().name(),
                    r.purposeNote(), r.periodFrom(), r.periodTo(), r.facts(), r.issuedAt().toLocalDate(), r.revoked(),
                    r.revokedAt() == null ? null : r.revokedAt().toLocalDate(), r.revokeReason());
        }
        Honour h = honours.byCode(code).orElseThrow(() -> new NotFound("error.verify.notFound"));
        return new Verification(h.kind(), h.serial(), orgUnits.byId(h.villageId()).name(),
                CertificatePages.maskedName(h.holderName()), null, null, h.periodFrom(), h.periodTo(), null,
                h.awardedOn(), false, null, null);
    }

    @PostMapping("/households/{villageId}/{householdId}/consents")
    @Operation(summary = "登记农户同意向合作银行提供积分信息（村级以上管理员）")
    public List<String> consent(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                         @PathVariable long householdId, @RequestBody ConsentBody b) {
        return consents.grant(actor, villageId, householdId, b.partner(), b.note());
    }

    @DeleteMapping("/households/{villageId}/{householdId}/consents/{partner}")
    @Operation(summary = "撤回农户对某合作银行的同意")
    public List<String> withdraw(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                          @PathVariable long householdId, @PathVariable String partner) {
        return consents.withdraw(actor, villageId, householdId, partner);
    }

    @PutMapping("/auditors/{userId}/partner")
    @Operation(summary = "把审计查阅员账号绑定到合作银行（县级管理员；partner 为空则解除）")
    public void bind(@Parameter(hidden = true) Actor actor, @PathVariable long userId, @RequestBody PartnerBody b) {
        consents.bindAuditor(actor, userId, b == null ? null : b.partner());
    }
}
