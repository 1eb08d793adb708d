package cn.jifen.party.internal;

import cn.jifen.party.Rating;
import cn.jifen.directory.PartyRoster;
import cn.jifen.party.ClassChange;
import cn.jifen.party.Party;
import cn.jifen.party.PostChange;
import cn.jifen.party.StarOverride;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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
@RequestMapping("/api/v1/party-members")
@Tag(name = "party", description = "党员分类管理、设岗定责、民主评议、评星定级、后备干部人选")
class PartyApi {
    record RepresentativeBody(String village, Long residentId) { }

    record MeetingBody(String village, Long activityId, String kind) { }

    record WindowBody(String village, Integer year, LocalDate opens, LocalDate closes) { }

    record BallotBody(Long voterId, Map<Long, String> marks) { }

    record PaperBallotBody(String village, Integer year, Long voterId, Map<Long, String> marks) { }

    record YearBody(String village, Integer year, String reason) { }

    record OverrideBody(String village, Integer year, Long residentId, Integer stars, String reason) { }

    record FormulaBody(Integer wPartyPoints, Integer partyPointsFull, Integer wOtherPoints, Integer otherPointsFull,
                       Integer wMeetings, Integer wReview, List<Integer> thresholds, Boolean boardStars,
                       Integer reserveStars, Integer reserveYears, String reason) { }

    private final Party party;

    PartyApi(Party party) {
        this.party = party;
    }

    @GetMapping
    @Operation(summary = "本村党员：分类（今天适用的）、本年承诺岗位、该年星级（已计算的）；分页（page、size），按支部、姓名")
    Page<Party.MemberLine> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                                @RequestParam(required = false) Integer year, @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size) {
        return party.members(actor, village, year, Paging.of(page, size));
    }

    @GetMapping("/{residentId:\\d+}")
    @Operation(summary = "一位党员：分类历史、各年岗位、各年星级")
    Party.MemberDetail get(@Parameter(hidden = true) Actor actor, @PathVariable long residentId,
                           @RequestParam(required = false) String village) {
        return party.member(actor, village, residentId);
    }

    @PostMapping("/{residentId:\\d+}/class")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "设定分类（村级管理员代支部）：classCode AT_HOME|MOBILE|ELDERLY|EMPLOYED|PROBATIONARY，流动党员须写 worksAt，须写生效日期和理由")
    PartyClassRecord setClass(@Parameter(hidden = true) Actor actor, @PathVariable long residentId, @RequestBody ClassChange b) {
        return party.setClass(actor, residentId, b);
    }

    @PutMapping("/{residentId:\\d+}/post")
    @Operation(summary = "设岗定责：postCode POLICY|ENVIRONMENT|MEDIATION|PATROL|CARE|INDUSTRY，每人每年一个岗位")
    Map<String, Object> setPost(@Parameter(hidden = true) Actor actor, @PathVariable long residentId, @RequestBody PostChange b) {
        party.setPost(actor, residentId, b);
        return Map.of("residentId", residentId, "postCode", b.postCode());
    }

    @GetMapping("/representatives")
    @Operation(summary = "参加民主评议的村民代表")
    List<PartyRoster.Person> representatives(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village) {
        return party.representatives(actor, village);
    }

    @PostMapping("/representatives")
    @ResponseStatus(HttpStatus.CREATED)
    PartyRoster.Person addRepresentative(@Parameter(hidden = true) Actor actor, @RequestBody RepresentativeBody b) {
        return party.addRepresentative(actor, b.village(), b.residentId() == null ? -1 : b.residentId());
    }

    @DeleteMapping("/representatives/{residentId:\\d+}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeRepresentative(@Parameter(hidden = true) Actor actor, @PathVariable long residentId,
                              @RequestParam(required = false) String village) {
        party.removeRepresentative(actor, village, residentId);
    }

    @PostMapping("/meetings")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "把本村一次活动标为党员会议：kind SANHUI（三会一课）|THEME_DAY（主题党日），出勤即活动签到")
    Party.Meeting markMeeting(@Parameter(hidden = true) Actor actor, @RequestBody MeetingBody b) {
        return party.markMeeting(actor, b.village(), b.activityId() == null ? -1 : b.activityId(), b.kind());
    }

    @PutMapping("/review-window")
    @Operation(summary = "民主评议时间：opens 至 closes（含）内党员和村民代表可用手机投票")
    Map<String, Object> window(@Parameter(hidden = true) Actor actor, @RequestBody WindowBody b) {
        party.setReviewWindow(actor, b.village(), year(b.year()), b.opens(), b.closes());
        return Map.of("year", b.year(), "opens", b.opens(), "closes", b.closes());
    }

    @GetMapping("/ballot")
    @Operation(summary = "村民：本户可以投票的人（党员、村民代表）、被评议的党员、已投的票")
    Party.BallotForm ballotForm(@Parameter(hidden = true) Actor actor) {
        return party.ballotForm(actor);
    }

    @PostMapping("/ballots")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "村民用手机投票：voterId（本户的党员或村民代表），marks {党员ID: EXCELLENT|GOOD|BASIC|POOR}；每人对每位党员每年一票")
    Map<String, Object> cast(@Parameter(hidden = true) Actor actor, @RequestBody BallotBody b) {
        return Map.of("ballots", party.castOnline(actor, b.voterId() == null ? -1 : b.voterId(), b.marks()));
    }

    @PostMapping("/paper-ballots")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "录入纸质选票（村级管理员）：评议开始后、定级前")
    Map<String, Object> paper(@Parameter(hidden = true) Actor actor, @RequestBody PaperBallotBody b) {
        return Map.of("ballots", party.enterPaper(actor, b.village(), year(b.year()), b.voterId(), b.marks()));
    }

    @GetMapping("/ratings")
    @Operation(summary = "某年的评星：县定公式、各项得分、计算星级、支部决定（改定理由）、是否已定级")
    Party.RatingState ratings(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                              @RequestParam int year) {
        return party.rating(actor, village, year);
    }

    @PostMapping("/ratings/compute")
    @Operation(summary = "按县定公式计算（保留支部改定）")
    List<Rating> compute(@Parameter(hidden = true) Actor actor, @RequestBody YearBody b) {
        return party.compute(actor, b.village(), year(b.year()));
    }

    @PostMapping("/ratings/override")
    @Operation(summary = "支部决定：stars 1–5 并写明理由；stars 为 null 时撤销改定")
    Rating override(@Parameter(hidden = true) Actor actor, @RequestBody OverrideBody b) {
        return party.override(actor, b.village(), year(b.year()), b.residentId() == null ? -1 : b.residentId(),
                new StarOverride(b.stars(), b.reason()));
    }

    @PostMapping("/ratings/freeze")
    @Operation(summary = "年度结束后定级（冻结）；冻结后不能再改，除非县管理员登记重新打开")
    List<Rating> freeze(@Parameter(hidden = true) Actor actor, @RequestBody YearBody b) {
        return party.freeze(actor, b.village(), year(b.year()));
    }

    @PostMapping("/ratings/reopen")
    @Operation(summary = "县管理员重新打开已定级的年度，须写理由")
    Map<String, Object> reopen(@Parameter(hidden = true) Actor actor, @RequestBody YearBody b) {
        party.reopen(actor, b.village(), year(b.year()), b.reason());
        return Map.of("year", b.year(), "reopened", true);
    }

    @GetMapping("/reserve-cadres")
    @Operation(summary = "后备干部人选：最近 N 个已定级年度（县定，默认 2）每年都不低于县定星级（默认 4 星）的党员")
    List<Party.ReserveCandidate> reserve(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village) {
        return party.reserveCadres(actor, village);
    }

    @GetMapping("/formula")
    @Operation(summary = "本县评星公式（现行）和历次修改")
    Map<String, Object> formula(@Parameter(hidden = true) Actor actor) {
        return Map.of("current", party.formulaOf(actor), "history", party.formulaHistory(actor));
    }

    @PutMapping("/formula")
    @Operation(summary = "县管理员修改评星公式：四项权重之和须为 100，thresholds 为二至五星的总分线（递增，0–100），须写理由")
    PartyFormula saveFormula(@Parameter(hidden = true) Actor actor, @RequestBody FormulaBody b) {
        return party.saveFormula(actor, b.wPartyPoints(), b.partyPointsFull(), b.wOtherPoints(), b.otherPointsFull(),
                b.wMeetings(), b.wReview(), b.thresholds(), b.boardStars(), b.reserveStars(), b.reserveYears(), b.reason());
    }

    private static int year(Integer y) {
        if (y == null) {
            throw InvalidInput.of("year", "error.required");
        }
        return y;
    }
}
