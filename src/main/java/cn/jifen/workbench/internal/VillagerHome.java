package cn.jifen.workbench.internal;

import cn.jifen.claims.ClaimChange;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.documents.QrCodes;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.StatementLine;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Reservations;
import cn.jifen.party.Party;
import cn.jifen.proposals.Proposals;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The villager's home (我的积分存折, {@code /me}), where a villager lands after logging in: what the household
 * can spend now (the balance less the points its open reservations hold), what changed since the last visit
 * (postings and claim progress), the next redemption day, and objections raised on its claims with their
 * outcome. Large, plain text; works at 360 px. Showing the page moves the account's last-seen mark to now.
 */
@Controller
public class VillagerHome {
    /** Lines of each list shown; the count beside says how many there are. */
    public static final int SHOWN = 10;

    private final Households households;
    private final OrgUnits orgUnits;
    private final Ledger ledger;
    private final Reservations reservations;
    private final RedemptionWindows windows;
    private final Claims claims;
    private final WorkbenchSql sql;
    private final Clock clock;
    private final Party party;
    private final Proposals proposals;

    public VillagerHome(Households households, OrgUnits orgUnits, Ledger ledger, Reservations reservations,
                 RedemptionWindows windows, Claims claims, WorkbenchSql sql, Clock clock, Party party,
                 Proposals proposals) {
        this.party = party;
        this.proposals = proposals;
        this.households = households;
        this.orgUnits = orgUnits;
        this.ledger = ledger;
        this.reservations = reservations;
        this.windows = windows;
        this.claims = claims;
        this.sql = sql;
        this.clock = clock;
    }

    @GetMapping("/me")
    public String me(Actor actor, Model model) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            return "redirect:/console";
        }
        long v = actor.orgUnitId();
        long hh = actor.householdId();
        Household h = households.get(actor, v, hh);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int year = LocalDate.now(clock).getYear();
        model.addAttribute("h", h);
        model.addAttribute("lineage", orgUnits.lineage(orgUnits.byId(v)));
        model.addAttribute("qr", "data:image/png;base64," + Base64.getEncoder().encodeToString(
                QrCodes.png(h.passbookNumber(), 240)));
        model.addAttribute("year", year);

        // what the household can spend: the balance less what open reservations hold
        long balance = ledger.balance(v, hh);
        long held = reservations.heldPoints(v, hh);
        model.addAttribute("balance", balance);
        model.addAttribute("held", held);
        model.addAttribute("spendable", Math.max(0, balance - held));
        model.addAttribute("yearScore", ledger.score(v, hh, Period.year(year)));
        model.addAttribute("vetoed", ledger.isVetoed(v, hh, year));

        // what changed since the previous visit; then this visit becomes the previous one
        Optional<OffsetDateTime> previous = sql.lastSeen(actor.userId());
        model.addAttribute("firstVisit", previous.isEmpty());
        if (previous.isPresent()) {
            OffsetDateTime since = previous.get();
            List<StatementLine> lines = ledger.statementBetween(v, hh, since, now, SHOWN);
            List<ClaimChange> changes = claims.changesOfMine(actor, since, now, SHOWN);
            model.addAttribute("since", since.atZoneSameInstant(clock.getZone()).toLocalDateTime());
            model.addAttribute("newLines", lines);
            model.addAttribute("newLineCount", lines.size() < SHOWN ? lines.size() : ledger.countBetween(v, hh, since, now));
            model.addAttribute("claimChanges", changes);
            model.addAttribute("claimChangeCount", changes.size() < SHOWN ? changes.size()
                    : claims.countChangesOfMine(actor, since, now));
        }
        sql.seen(actor.userId(), now);

        model.addAttribute("next", windows.nextForHouseholdsOf(v).orElse(null));
        model.addAttribute("openEveryDay", windows.openEveryDayForHouseholdsOf(v));
        model.addAttribute("objections", claims.objectionsToMine(actor, SHOWN));
        model.addAttribute("partyRatings", party.ownRatings(actor));
        model.addAttribute("openBallots", proposals.ballotsOfMine(actor).stream().filter(b -> !b.done()).toList());
        return "me";
    }
}
