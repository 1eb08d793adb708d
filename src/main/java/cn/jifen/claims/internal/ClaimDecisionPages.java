package cn.jifen.claims.internal;

import cn.jifen.claims.BatchResult;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.NotFound;
import cn.jifen.web.ProblemMessages;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The decisions taken on the claim pages: approving and rejecting (one claim, or a batch from the queue), objections
 * and appeals raised (by staff on the console, by villagers on their own pages) and decided, and the run-now of the
 * posting. Each answers with a redirect back to the page it came from.
 */
@Controller
class ClaimDecisionPages {
    private final Claims claims;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;

    ClaimDecisionPages(Claims claims, OrgUnits orgUnits, ProblemMessages problems) {
        this.claims = claims;
        this.orgUnits = orgUnits;
        this.problems = problems;
    }

    /** Posts now every claim of the scope whose publicity has ended (the every-minute run does it anyway). */
    @PostMapping("/console/claims/post-due")
    String postDue(Actor actor, @RequestParam(required = false) String orgUnit, RedirectAttributes flash) {
        int posted = claims.postDueNow(actor, orgUnit);
        flash.addFlashAttribute("batch", List.of(problems.msg("claims.postDue.done", posted)));
        OrgUnit unit = orgUnits.visible(actor, orgUnit.strip());
        return unit.level() == OrgLevel.VILLAGE ? "redirect:/console/claims?village=" + unit.code()
                : "redirect:/console/claims";
    }

    @PostMapping("/console/claims/approve-batch")
    String approveBatch(Actor actor, @RequestParam long villageId,
                        @RequestParam(name = "claimIds", required = false) List<Long> claimIds,
                        @RequestParam(required = false) String reason, RedirectAttributes flash) {
        List<String> lines = new ArrayList<>();
        for (BatchResult r : claims.approveBatch(actor, villageId, claimIds, reason)) {
            lines.add("#" + r.claimId() + " " + (r.ok() ? problems.msg("claims.status." + r.status())
                    : problems.msg(r.message())));
        }
        flash.addFlashAttribute("batch", lines);
        return "redirect:/console/claims?village=" + orgUnits.byId(villageId).code();
    }

    @PostMapping("/console/claims/{villageId}/{id}/approve")
    String approve(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) Integer points, @RequestParam(required = false) String reason) {
        claims.approve(actor, villageId, id, points, reason);
        return "redirect:/console/claims/" + villageId + "/" + id;
    }

    @PostMapping("/console/claims/{villageId}/{id}/reject")
    String reject(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) String reason) {
        claims.reject(actor, villageId, id, reason);
        return "redirect:/console/claims/" + villageId + "/" + id;
    }

    @PostMapping("/console/claims/{villageId}/{id}/objections")
    String object(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) String reason) {
        claims.object(actor, villageId, id, reason);
        return "redirect:/console/claims/" + villageId + "/" + id;
    }

    @PostMapping("/console/claims/{villageId}/{id}/objections/{objectionId}/{decision}")
    String decide(Actor actor, @PathVariable long villageId, @PathVariable long id, @PathVariable long objectionId,
                  @PathVariable String decision, @RequestParam(required = false) String reason) {
        return decided(villageId, id, decision, () -> claims.uphold(actor, villageId, id, objectionId, reason),
                () -> claims.dismiss(actor, villageId, id, objectionId, reason));
    }

    @PostMapping("/console/claims/{villageId}/{id}/appeals/{appealId}/{decision}")
    String decideAppeal(Actor actor, @PathVariable long villageId, @PathVariable long id, @PathVariable long appealId,
                        @PathVariable String decision, @RequestParam(required = false) String reason) {
        return decided(villageId, id, decision, () -> claims.upholdAppeal(actor, villageId, id, appealId, reason),
                () -> claims.dismissAppeal(actor, villageId, id, appealId, reason));
    }

    /** Upholds or dismisses (an objection or an appeal), then shows the claim again. */
    private static String decided(long villageId, long id, String decision, Runnable uphold, Runnable dismiss) {
        switch (decision) {
            case "uphold" -> uphold.run();
            case "dismiss" -> dismiss.run();
            default -> throw new NotFound("error.claims.notFound");
        }
        return "redirect:/console/claims/" + villageId + "/" + id;
    }

    @PostMapping("/console/claims/{villageId}/{id}/appeals")
    String staffAppeal(Actor actor, @PathVariable long villageId, @PathVariable long id,
                       @RequestParam(required = false) String reason) {
        claims.appeal(actor, villageId, id, reason);
        return "redirect:/console/claims/" + villageId + "/" + id;
    }

    @PostMapping("/me/claims/{villageId}/{id}/appeals")
    String myAppeal(Actor actor, @PathVariable long villageId, @PathVariable long id,
                    @RequestParam(required = false) String reason) {
        claims.appeal(actor, villageId, id, reason);
        return "redirect:/me/claims/" + villageId + "/" + id;
    }

    @PostMapping("/me/claims/{villageId}/{id}/objections")
    String myObjection(Actor actor, @PathVariable long villageId, @PathVariable long id,
                       @RequestParam(required = false) String reason) {
        claims.object(actor, villageId, id, reason);
        return "redirect:/me/claims/" + villageId + "/" + id;
    }
}
