package cn.jifen.claims.internal;

import cn.jifen.claims.Appeal;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDetail;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.claims.KinRelation;
import cn.jifen.claims.Objection;
import cn.jifen.claims.Photo;
import cn.jifen.claims.PhotoBytes;
import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.web.FormValues;
import cn.jifen.web.ProblemMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/v1/claims")
@Tag(name = "claims", description = "积分申报与记录、审核、公示、异议与入账")
class ClaimApi {
    record RecordBody(Long villageId, Long householdId, String passbookNumber, String itemCode, Integer points,
                      LocalDate occurredOn, Long residentId, String note, Boolean onBehalf) { }

    record ApproveBody(Integer points, String reason) { }

    record ReasonBody(String reason) { }

    record BatchBody(Long villageId, List<Long> claimIds, String reason) { }

    record KinBody(Long villageId, Long householdId, Long userId, String relation) { }

    record SettingBody(String village, Integer publicityDays) { }

    /** The publicity period in force, the village's own (null: none, the county's default applies) and the county's. */
    record Setting(String village, int publicityDays, Integer villagePublicityDays, int countyPublicityDays) { }

    record BatchLine(long claimId, boolean ok, String status, String message) { }

    private final Claims claims;
    private final ProblemMessages messages;

    ClaimApi(Claims claims, ProblemMessages messages) {
        this.claims = claims;
        this.messages = messages;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "记录或申报一条积分（网格员、村管理员记录；村民为本户申报；onBehalf 为代申报）")
    Claim record(@Parameter(hidden = true) Actor actor, @RequestBody RecordBody b) {
        return claims.record(actor, new ClaimDraft(b.villageId(), b.householdId(), b.passbookNumber(), b.itemCode(),
                b.points(), b.occurredOn(), b.residentId(), b.note(), Boolean.TRUE.equals(b.onBehalf())));
    }

    @GetMapping
    @Operation(summary = "本村（作用域内）的积分申报，按状态筛选；分页（page 从 0 起，size 默认 50、最多 500），附总数 total")
    Page<Claim> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                     @RequestParam(required = false) String status, @RequestParam(required = false) Integer page,
                     @RequestParam(required = false) Integer size) {
        return claims.list(actor, village, status, Paging.of(page, size));
    }

    @GetMapping("/board")
    @Operation(summary = "本村公示栏：公示中和有异议暂停的积分及其异议；分页（page、size），附总数 total")
    Page<Claims.BoardLine> board(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        return claims.board(actor, village, Paging.of(page, size));
    }

    @GetMapping("/{villageId}/{id}")
    ClaimDetail get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return claims.detail(actor, villageId, id);
    }

    @PostMapping("/{villageId}/{id}/approve")
    @Operation(summary = "审核通过（记录人不能审核本人记录；一票否决需两名不同审核人并写明理由）")
    Claim approve(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestBody(required = false) ApproveBody b) {
        return claims.approve(actor, villageId, id, b == null ? null : b.points(), b == null ? null : b.reason());
    }

    @PostMapping("/{villageId}/{id}/reject")
    Claim reject(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestBody(required = false) ReasonBody b) {
        return claims.reject(actor, villageId, id, b == null ? null : b.reason());
    }

    @PostMapping("/{villageId}/{id}/objections")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "对公示中的积分提出异议")
    Objection object(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                     @RequestBody(required = false) ReasonBody b) {
        return claims.object(actor, villageId, id, b == null ? null : b.reason());
    }

    @PostMapping("/{villageId}/{id}/objections/{objectionId}/uphold")
    Claim uphold(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @PathVariable long objectionId, @RequestBody(required = false) ReasonBody b) {
        return claims.uphold(actor, villageId, id, objectionId, b == null ? null : b.reason());
    }

    @PostMapping("/{villageId}/{id}/objections/{objectionId}/dismiss")
    Claim dismiss(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @PathVariable long objectionId, @RequestBody(required = false) ReasonBody b) {
        return claims.dismiss(actor, villageId, id, objectionId, b == null ? null : b.reason());
    }

    @PostMapping("/approve-batch")
    @Operation(summary = "批量审核通过：逐条检查，逐条报告结果")
    List<BatchLine> approveBatch(@Parameter(hidden = true) Actor actor, @RequestBody BatchBody b) {
        if (b.villageId() == null) {
            throw InvalidInput.of("villageId", "error.required");
        }
        return claims.approveBatch(actor, b.villageId(), b.claimIds(), b.reason()).stream()
                .map(r -> new BatchLine(r.claimId(), r.ok(), r.status(),
                        r.message() == null ? null : messages.msg(r.message()))).toList();
    }

    @PostMapping("/{villageId}/{id}/appeals")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "对已入账的扣分或一票否决提出申诉")
    Appeal appeal(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestBody(required = false) ReasonBody b) {
        return claims.appeal(actor, villageId, id, b == null ? null : b.reason());
    }

    @PostMapping("/{villageId}/{id}/appeals/{appealId}/uphold")
    @Operation(summary = "申诉成立：冲正该笔入账")
    Claim upholdAppeal(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                       @PathVariable long appealId, @RequestBody(required = false) ReasonBody b) {
        return claims.upholdAppeal(actor, villageId, id, appealId, b == null ? null : b.reason());
    }

    @PostMapping("/{villageId}/{id}/appeals/{appealId}/dismiss")
    Claim dismissAppeal(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                        @PathVariable long appealId, @RequestBody(required = false) ReasonBody b) {
        return claims.dismissAppeal(actor, villageId, id, appealId, b == null ? null : b.reason());
    }

    @PostMapping("/kin")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "登记工作人员与农户的亲属关系（回避：不能为该户记录或审核积分）")
    void kin(@Parameter(hidden = true) Actor actor, @RequestBody KinBody b) {
        if (b.villageId() == null || b.householdId() == null) {
            throw InvalidInput.of("householdId", "error.required");
        }
        if (b.userId() == null) {
            throw InvalidInput.of("userId", "error.required");
        }
        claims.registerKin(actor, b.userId(), b.villageId(), b.householdId(), b.relation());
    }

    @GetMapping("/kin")
    @Operation(summary = "本村登记的工作人员亲属关系（管理员）")
    List<KinRelation> kinList(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village) {
        return claims.kin(actor, claims.village(actor, village));
    }

    @DeleteMapping("/kin/{villageId}/{householdId}/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "解除一条亲属关系（村管理员）")
    void removeKin(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long householdId,
                   @PathVariable long userId) {
        claims.removeKin(actor, userId, villageId, householdId);
    }

    @GetMapping("/settings")
    @Operation(summary = "本村公示天数：实际使用的天数、本村自定的天数（null 为未自定）和县默认天数")
    Setting setting(@Parameter(hidden = true) Actor actor, @RequestParam String village) {
        return setting(claims.village(actor, village));
    }

    @PostMapping("/settings")
    @Operation(summary = "设置本村公示天数（0–30 天；未设置时用县积分政策中的默认天数）")
    Setting setSetting(@Parameter(hidden = true) Actor actor, @RequestBody SettingBody b) {
        claims.setPublicityDays(actor, b.village(), b.publicityDays());
        return setting(claims.village(actor, b.village()));
    }

    @DeleteMapping("/settings")
    @Operation(summary = "取消本村自定的公示天数，恢复使用县默认天数")
    Setting clearSetting(@Parameter(hidden = true) Actor actor, @RequestParam String village) {
        claims.clearPublicityDays(actor, village);
        return setting(claims.village(actor, village));
    }

    private Setting setting(OrgUnit v) {
        return new Setting(v.code(), claims.publicityDays(v.id()), claims.ownPublicityDays(v.id()).orElse(null),
                claims.countyPublicityDays(v.id()));
    }

    @PostMapping(path = "/{villageId}/{id}/photos", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "上传佐证照片（JPEG/PNG/HEIC，按内容识别类型）")
    Photo addPhoto(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) MultipartFile photo) {
        return claims.addPhoto(actor, villageId, id, FormValues.photo(photo));
    }

    @GetMapping("/{villageId}/{id}/photos/{photoId}")
    ResponseEntity<byte[]> photo(@Parameter(hidden = true) Actor actor,
                                                          @PathVariable long villageId, @PathVariable long id,
                                                          @PathVariable long photoId,
                                                          @RequestParam(defaultValue = "false") boolean original) {
        PhotoBytes p = claims.photo(actor, villageId, id, photoId, original);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(p.contentType()))
                .header("X-Content-Type-Options", "nosniff").body(p.bytes());
    }
}
