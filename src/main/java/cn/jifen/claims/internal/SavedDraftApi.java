package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.SavedDraft;
import cn.jifen.claims.SavedDrafts;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
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

/** Drafts of a record (草稿), the author's own: list, save, change, delete, and submit as a claim. */
@RestController
@RequestMapping("/api/v1/claim-drafts")
@Tag(name = "claim-drafts", description = "网格员、村管理员的记录草稿：只有本人能看、改、提交、删除")
class SavedDraftApi {
    /** Whatever the form had; the household (passbookNumber, or villageId and householdId) is required. */
    record DraftBody(Long villageId, Long householdId, String passbookNumber, String itemCode, Integer points,
                     LocalDate occurredOn, Long residentId, String note, Boolean onBehalf) {
        ClaimDraft draft() {
            return new ClaimDraft(villageId, householdId, passbookNumber, itemCode, points, occurredOn, residentId, note,
                    Boolean.TRUE.equals(onBehalf));
        }
    }

    private final SavedDrafts drafts;

    SavedDraftApi(SavedDrafts drafts) {
        this.drafts = drafts;
    }

    @GetMapping
    @Operation(summary = "我的草稿，最近保存的在前；分页（page、size），附总数 total；expired 为保存已超过 30 天（仍保留）")
    Page<SavedDraft> mine(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                          @RequestParam(required = false) Integer size) {
        return drafts.mine(actor, Paging.of(page, size));
    }

    @GetMapping("/{id}")
    @Operation(summary = "我的一份草稿")
    SavedDraft get(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        return drafts.get(actor, id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "存为草稿：只要求农户，其余可缺；文字按申报的规则检查")
    SavedDraft create(@Parameter(hidden = true) Actor actor, @RequestBody(required = false) DraftBody b) {
        return drafts.create(actor, body(b).draft());
    }

    @PutMapping("/{id}")
    @Operation(summary = "改写我的一份草稿（整份替换）")
    SavedDraft update(@Parameter(hidden = true) Actor actor, @PathVariable long id,
                      @RequestBody(required = false) DraftBody b) {
        return drafts.update(actor, id, body(b).draft());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "删除我的一份草稿")
    void delete(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        drafts.delete(actor, id);
    }

    @PostMapping("/{id}/submit")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "提交草稿：按正常记录的规则记一条积分并删除草稿；不通过时什么都不记、草稿保留")
    Claim submit(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        return drafts.submit(actor, id);
    }

    private static DraftBody body(DraftBody b) {
        return b == null ? new DraftBody(null, null, null, null, null, null, null, null, null) : b;
    }
}
