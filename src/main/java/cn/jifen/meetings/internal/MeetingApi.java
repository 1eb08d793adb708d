package cn.jifen.meetings.internal;

import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.MeetingDetail;
import cn.jifen.meetings.MeetingDraft;
import cn.jifen.meetings.Meetings;
import cn.jifen.meetings.ModeDraft;
import cn.jifen.meetings.PanelDraft;
import cn.jifen.meetings.ReviewMode;
import cn.jifen.meetings.VoteDraft;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.web.ProblemMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
@RequestMapping("/api/v1/meetings")
@Tag(name = "meetings", description = "评议会：评议小组、审核方式、会议、议程、出席、表决、会议纪要")
class MeetingApi {
    record VillageBody(String village) { }

    record AttendanceBody(String village, List<Long> present) { }

    record VotesBody(String village, Long itemId, List<VoteDraft> votes) { }

    record LeaveBody(String village, LocalDate leftOn) { }

    record ModeView(ReviewMode mode, List<ModeChange> history) { }

    private final Meetings meetings;
    private final ProblemMessages messages;

    MeetingApi(Meetings meetings, ProblemMessages messages) {
        this.meetings = meetings;
        this.messages = messages;
    }

    @GetMapping
    @Operation(summary = "本村评议会，按日期新的在前；分页（page、size）")
    Page<Meeting> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                       @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return meetings.list(actor, village, Paging.of(page, size));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "安排一次评议会（村级管理员）：heldOn 日期，place 地点")
    Meeting schedule(@Parameter(hidden = true) Actor actor, @RequestBody MeetingDraft b) {
        return meetings.schedule(actor, b);
    }

    @GetMapping("/{id:\\d+}")
    @Operation(summary = "一次评议会：出席名单、议程（每项的表决和结果）")
    MeetingDetail get(@Parameter(hidden = true) Actor actor, @PathVariable long id,
                      @RequestParam(required = false) String village) {
        return meetings.get(actor, village, id);
    }

    @PostMapping("/{id:\\d+}/open")
    @Operation(summary = "开会（主持人即调用者）：出席名单为当天在任的评议小组，议程为此刻待审核的申报、一票否决、异议、申诉")
    MeetingDetail open(@Parameter(hidden = true) Actor actor, @PathVariable long id, @RequestBody VillageBody b) {
        return meetings.open(actor, b.village(), id);
    }

    @PutMapping("/{id:\\d+}/attendance")
    @Operation(summary = "登记出席：present 为到会成员的 memberId，未列出的为缺席")
    MeetingDetail attendance(@Parameter(hidden = true) Actor actor, @PathVariable long id, @RequestBody AttendanceBody b) {
        return meetings.attendance(actor, b.village(), id, b.present());
    }

    @PostMapping("/{id:\\d+}/votes")
    @Operation(summary = "录入一项议程的表决：votes[{memberId, choice APPROVE|ADJUST|REJECT, points, reason}]；有利害关系者须回避（422）")
    MeetingDetail votes(@Parameter(hidden = true) Actor actor, @PathVariable long id, @RequestBody VotesBody b) {
        return meetings.vote(actor, b.village(), id, b.itemId(), b.votes());
    }

    @PostMapping("/{id:\\d+}/close")
    @Operation(summary = "散会：过半数出席方可；每项以过半数票决定，并按结果审核申报、处理异议和申诉")
    MeetingDetail close(@Parameter(hidden = true) Actor actor, @PathVariable long id, @RequestBody VillageBody b) {
        return meetings.close(actor, b.village(), id);
    }

    @GetMapping("/{id:\\d+}/minutes.pdf")
    @Operation(summary = "会议纪要 PDF：出席、议程、表决、结果、签字栏")
    ResponseEntity<byte[]> minutes(@Parameter(hidden = true) Actor actor, @PathVariable long id,
                                   @RequestParam(required = false) String village) {
        return pdf(meetings.get(actor, village, id), messages);
    }

    static ResponseEntity<byte[]> pdf(MeetingDetail d, ProblemMessages messages) {
        byte[] pdf = MinutesPdf.render(d, (k, a) -> messages.msg(k, a));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("评议会纪要-" + d.meeting().heldOn() + ".pdf", StandardCharsets.UTF_8)
                        .build().toString())
                .body(pdf);
    }

    @GetMapping("/panel")
    @Operation(summary = "评议小组成员（含已离任，在任的在前）")
    List<PanelMember> panel(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village) {
        return meetings.panel(actor, village);
    }

    @PostMapping("/panel")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "加入评议小组：kind STAFF（userId，本村村级管理员或网格员）或 RESIDENT（residentId，如村民代表）；duty 职务，joinedOn 起始日")
    PanelMember addMember(@Parameter(hidden = true) Actor actor, @RequestBody PanelDraft b) {
        return meetings.addMember(actor, b);
    }

    @PostMapping("/panel/{memberId:\\d+}/leave")
    @Operation(summary = "成员离任：leftOn 离任日（历史保留）")
    Map<String, Object> leave(@Parameter(hidden = true) Actor actor, @PathVariable long memberId, @RequestBody LeaveBody b) {
        meetings.removeMember(actor, b.village(), memberId, b.leftOn());
        return Map.of("memberId", memberId, "leftOn", String.valueOf(b.leftOn()));
    }

    @GetMapping("/review-mode")
    @Operation(summary = "本村审核方式：SINGLE_REVIEWER（单人审核，默认）或 MEETING（评议会），及其历史")
    ModeView mode(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village) {
        List<ModeChange> history = meetings.modeHistory(actor, village);
        return new ModeView(history.isEmpty() ? ReviewMode.SINGLE_REVIEWER : history.get(0).mode(), history);
    }

    @PutMapping("/review-mode")
    @Operation(summary = "设定审核方式（村级管理员），须写理由")
    ModeView setMode(@Parameter(hidden = true) Actor actor, @RequestBody ModeDraft b) {
        meetings.setMode(actor, b);
        return mode(actor, b.village());
    }
}
