package cn.jifen.complaints.internal;

import cn.jifen.complaints.Complaint;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@Tag(name = "complaints", description = "投诉建议：村民提交（可对村里匿名，可带照片），村里限期答复（公开或不公开），超期转镇里督办，村民评价")
class ComplaintsApi {
    record ReplyBody(String reply, Boolean publicReply) { }

    record RateBody(Integer rating, String comment) { }

    record DaysBody(Integer answerDays) { }

    record Days(int answerDays) { }

    private final Complaints complaints;
    private final OrgUnits orgUnits;

    ComplaintsApi(Complaints complaints, OrgUnits orgUnits) {
        this.complaints = complaints;
        this.orgUnits = orgUnits;
    }

    @GetMapping("/api/v1/complaints")
    @Operation(summary = "范围内的投诉建议（村、镇、县管理员和查阅员；可按村 village 筛选；filter=WAITING 待答复、ESCALATED 超期转镇），"
            + "待答复的在前、期限早的在前；村里的人看不到匿名提交人。村民账号返回本户的全部。分页（page、size），附总数 total")
    Page<Complaint> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                         @RequestParam(required = false) String filter, @RequestParam(required = false) Integer page,
                         @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        if (actor.is(Role.VILLAGER)) {
            List<Complaint> all = complaints.mine(actor);
            int from = (int) Math.min(all.size(), paging.offset());
            return paging.of(all.subList(from, Math.min(all.size(), from + paging.size())), all.size());
        }
        return complaints.list(actor, village, Complaints.filter(filter), paging);
    }

    @PostMapping(path = "/api/v1/complaints", consumes = "multipart/form-data")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "提交投诉建议：kind（COMPLAINT 投诉、SUGGESTION 建议）、body、anonymous（对村里匿名）、照片 photos（最多 3 张）。"
            + "村民账号为本户提交；村管理员代村民录入时须填存折编号 passbookNumber")
    Complaint file(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String kind,
                   @RequestParam(required = false) String body,
                   @RequestParam(required = false, defaultValue = "false") boolean anonymous,
                   @RequestParam(required = false) String passbookNumber,
                   @RequestParam(required = false) List<MultipartFile> photos) {
        List<byte[]> data = bytes(photos);
        if (actor.is(Role.VILLAGER)) {
            return complaints.file(actor, kind, body, anonymous, data);
        }
        return complaints.fileFor(actor, passbookNumber, kind, body, anonymous, data);
    }

    @GetMapping("/api/v1/complaints/{villageId}/{id}")
    Complaint get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return complaints.get(actor, villageId, id);
    }

    @GetMapping("/api/v1/complaints/{villageId}/{id}/photos/{photoId}")
    @Operation(summary = "投诉建议的照片（photoIds 中的编号）")
    ResponseEntity<byte[]> photo(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                 @PathVariable long id, @PathVariable long photoId) {
        byte[][] p = complaints.photo(actor, villageId, id, photoId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Complaints.photoType(p))).body(p[1]);
    }

    @PostMapping("/api/v1/complaints/{villageId}/{id}/reply")
    @Operation(summary = "答复：村管理员；超期转镇后镇管理员也可答复。publicReply=true 时内容（不含提交人）上村公示栏。已答复的为 409")
    Complaint reply(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                    @RequestBody(required = false) ReplyBody b) {
        return complaints.answer(actor, villageId, id, b == null ? null : b.reply(),
                b != null && Boolean.TRUE.equals(b.publicReply()));
    }

    @PostMapping("/api/v1/complaints/{villageId}/{id}/rating")
    @Operation(summary = "提交人（本户村民账号）评价答复：rating 1–5 星，comment 可选；只能评价一次（再评为 409）")
    Complaint rate(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestBody(required = false) RateBody b) {
        return complaints.rate(actor, villageId, id, b == null ? null : b.rating(), b == null ? null : b.comment());
    }

    @GetMapping("/api/v1/complaints/settings")
    @Operation(summary = "本县答复期限（天）")
    Days settings(@Parameter(hidden = true) Actor actor) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return new Days(complaints.answerDays(orgUnits.byId(actor.orgUnitId())));
    }

    @PutMapping("/api/v1/complaints/settings")
    @Operation(summary = "县管理员设定答复期限 answerDays（1–60 天）；已提交的投诉建议期限不变")
    Days setSettings(@Parameter(hidden = true) Actor actor, @RequestBody(required = false) DaysBody b) {
        return new Days(complaints.setAnswerDays(actor, b == null ? null : b.answerDays()));
    }

    static List<byte[]> bytes(List<MultipartFile> files) {
        List<byte[]> out = new ArrayList<>();
        if (files == null) {
            return out;
        }
        for (MultipartFile f : files) {
            if (f == null || f.isEmpty()) {
                continue;
            }
            try {
                out.add(f.getBytes());
            } catch (IOException e) {
                throw InvalidInput.of("photos", "error.upload.broken");
            }
        }
        return out;
    }
}
