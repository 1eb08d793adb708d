package cn.jifen.workbench.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.OrgUnits;
import cn.jifen.documents.QrCodes;
import cn.jifen.party.Party;
import cn.jifen.proposals.Proposals;
import cn.jifen.shared.Actor;
import java.util.Base64;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The villager's home (我的积分存折, {@code /me}), where a villager lands after logging in: what the household
 * can spend now (the balance less the points its open reservations hold), what changed since the last visit
 * (postings and claim progress), the next redemption day, and objections raised on its claims with their
 * outcome. Large, plain text; works at 360 px. Showing the page moves the account's last-seen mark to now
 * (so does the JSON home: both read through {@link RoleHomes#villagerDay}).
 */
@Controller
public class VillagerHome {
    /** Lines of each list shown; the count beside says how many there are. */
    public static final int SHOWN = 10;

    private final RoleHomes homes;
    private final OrgUnits orgUnits;
    private final Party party;
    private final Proposals proposals;

    public VillagerHome(RoleHomes homes, OrgUnits orgUnits, Party party, Proposals proposals) {
        this.homes = homes;
        this.orgUnits = orgUnits;
        this.party = party;
        this.proposals = proposals;
    }

    @GetMapping("/me")
    public String me(Actor actor, Model model) {
        if (!RoleHomes.villager(actor)) {
            return "redirect:/console";
        }
        RoleHomes.VillagerDay day = homes.villagerDay(actor, SHOWN);
        Household h = day.household();
        model.addAttribute("h", h);
        model.addAttribute("lineage", orgUnits.lineage(orgUnits.byId(actor.orgUnitId())));
        model.addAttribute("qr", "data:image/png;base64," + Base64.getEncoder().encodeToString(
                QrCodes.png(h.passbookNumber(), 240)));
        model.addAttribute("year", day.year());
        model.addAttribute("balance", day.balance());
        model.addAttribute("held", day.held());
        model.addAttribute("spendable", day.spendable());
        model.addAttribute("yearScore", day.yearScore());
        model.addAttribute("vetoed", day.vetoed());
        model.addAttribute("firstVisit", day.since() == null);
        if (day.since() != null) {
            RoleHomes.Since since = day.since();
            model.addAttribute("since", since.at());
            model.addAttribute("newLines", since.lines());
            model.addAttribute("newLineCount", since.lineCount());
            model.addAttribute("claimChanges", since.claimChanges());
            model.addAttribute("claimChangeCount", since.claimChangeCount());
        }
        model.addAttribute("next", day.next());
        model.addAttribute("openEveryDay", day.openEveryDay());
        model.addAttribute("objections", day.objections());
        model.addAttribute("partyRatings", party.ownRatings(actor));
        model.addAttribute("openBallots", proposals.ballotsOfMine(actor).stream().filter(b -> !b.done()).toList());
        return "me";
    }
}
