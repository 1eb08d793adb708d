package cn.jifen.proposals.internal;

import cn.jifen.proposals.Proposal;
import cn.jifen.proposals.ProposalDraft;
import cn.jifen.proposals.Proposals;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "proposals", description = "村民议事：村两委发布议事事项和选项，按户或按 18 岁以上村民一人一票，手机投票或工作人员录入纸质选票；"
        + "不记名，只公布各选项票数")
class ProposalApi {
    record DraftBody(String village, String title, String description, List<String> options, String electorate,
                     LocalDate opensOn, LocalDate closesOn, String itemCode) {
        ProposalDraft draft() {
            return new ProposalDraft(title, description, options, electorate, opensOn, closesOn, itemCode);
        }
    }

    record VoteBody(Integer option, Long residentId, String residentName, String passbookNumber) { }

    record WithdrawBody(String reason) { }

    private final Proposals proposals;

    ProposalApi(Proposals proposals) {
        this.proposals = proposals;
    }

    @GetMapping("/api/v1/proposals")
    @Operation(summary = "本村议事事项，进行中的在前（村民看不到草稿）；镇、县须给 village；分页（page、size），附总数 total")
    Page<Proposal> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                        @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return proposals.list(actor, village, Paging.of(page, size));
    }

    @PostMapping("/api/v1/proposals")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "村管理员起草议事事项：标题、说明、2–10 个选项、electorate（PER_HOUSEHOLD 按户 / PER_ADULT 按 18 岁以上村民）、"
            + "投票起止日期（含，最长 92 天）、可选参与积分的细则项目 itemCode；草稿只有工作人员看得到")
    Proposal create(@Parameter(hidden = true) Actor actor, @RequestBody DraftBody b) {
        return proposals.create(actor, b.village(), b.draft());
    }

    @GetMapping("/api/v1/proposals/{villageId}/{id}")
    Proposal get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return proposals.get(actor, villageId, id);
    }

    @PutMapping("/api/v1/proposals/{villageId}/{id}")
    @Operation(summary = "修改草稿（发布后不能再改：409）")
    Proposal update(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                    @RequestBody DraftBody b) {
        return proposals.update(actor, villageId, id, b.draft());
    }

    @PostMapping("/api/v1/proposals/{villageId}/{id}/publish")
    @Operation(summary = "发布：选项固定，按当时的农户或成年村民确定应投票数")
    Proposal publish(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return proposals.publish(actor, villageId, id);
    }

    @PostMapping("/api/v1/proposals/{villageId}/{id}/close")
    @Operation(summary = "投票截止日（含）起结束投票，结果成为最终结果；写了参与积分项目的，为每位投票人生成积分记录（再经审核、公示）")
    Proposal close(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return proposals.close(actor, villageId, id);
    }

    @PostMapping("/api/v1/proposals/{villageId}/{id}/withdraw")
    @Operation(summary = "撤回草稿或进行中的议事，须写原因；已结束或已撤回的为 409")
    Proposal withdraw(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                      @RequestBody(required = false) WithdrawBody b) {
        return proposals.withdraw(actor, villageId, id, b == null ? null : b.reason());
    }

    @PostMapping("/api/v1/proposals/{villageId}/{id}/votes")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "投票：村民账号为本户投票（按人投票时 residentId 为本户的成年人；纸质选票也可写 residentName）；村管理员或网格员录入纸质选票时加 "
            + "passbookNumber。option 为选项序号（从 1 起）。重复投票、不在投票期内为 409")
    Results vote(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestBody VoteBody b) {
        if (actor.isStaff()) {
            return proposals.enterPaper(actor, villageId, id, b.passbookNumber(), b.option(), b.residentId(),
                    b.residentName());
        }
        return proposals.vote(actor, villageId, id, b.option(), b.residentId());
    }

    @GetMapping("/api/v1/proposals/{villageId}/{id}/votes")
    @Operation(summary = "已投票的户（或人）、方式（PHONE 手机 / PAPER 纸质）和日期，供录入纸质选票时核对；不含所投选项（工作人员）")
    List<Voter> voters(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return proposals.voters(actor, villageId, id);
    }

    @GetMapping("/api/v1/proposals/{villageId}/{id}/results")
    @Operation(summary = "投票结果：总票数、参与率；各选项票数在结束后公布（isFinal=true）")
    Results results(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return proposals.results(actor, villageId, id);
    }
}
