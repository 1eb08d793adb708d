package cn.jifen.ledger.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.documents.PassbookStatement;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.StatementLine;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.web.ProblemMessages;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The passbook statement (积分存折): for staff, any household in scope; for a villager, its own.
 * Newest first, paged, printable as PDF. Village admins correct a line by a reversal posting.
 */
@Controller
class PassbookPages {
    static final int PAGE = 20;
    private final Ledger ledger;
    private final LedgerVerifier verifier;
    private final Households households;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final Clock clock;
    private final ClientPostings clientPostings;

    PassbookPages(Ledger ledger, LedgerVerifier verifier, Households households, OrgUnits orgUnits,
                  ProblemMessages problems, Clock clock, ClientPostings clientPostings) {
        this.clientPostings = clientPostings;
        this.ledger = ledger;
        this.verifier = verifier;
        this.households = households;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/console/households/{villageId}/{id}/passbook")
    String staff(Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestParam(defaultValue = "0") int page, Model model) {
        fill(actor, villageId, id, page, model);
        model.addAttribute("base", "/console/households/" + villageId + "/" + id);
        model.addAttribute("canCorrect", actor.isAdmin());
        return "passbook";
    }

    @GetMapping("/me/passbook")
    String mine(Actor actor, @RequestParam(defaultValue = "0") int page, Model model) {
        fill(actor, actor.orgUnitId(), own(actor), page, model);
        model.addAttribute("base", "/me");
        model.addAttribute("canCorrect", false);
        return "passbook";
    }

    /** The htmx panel on the household and villager home pages: balance, score, latest lines. */
    @GetMapping({"/console/households/{villageId}/{id}/passbook/summary"})
    String summary(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        fillSummary(actor, villageId, id, model);
        model.addAttribute("base", "/console/households/" + villageId + "/" + id);
        return "passbook :: summary";
    }

    @GetMapping("/me/passbook/summary")
    String mySummary(Actor actor, Model model) {
        fillSummary(actor, actor.orgUnitId(), own(actor), model);
        model.addAttribute("base", "/me");
        return "passbook :: summary";
    }

    @GetMapping("/console/households/{villageId}/{id}/passbook.pdf")
    ResponseEntity<byte[]> pdf(Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return pdfOf(actor, villageId, id);
    }

    @GetMapping("/me/passbook.pdf")
    ResponseEntity<byte[]> myPdf(Actor actor) {
        return pdfOf(actor, actor.orgUnitId(), own(actor));
    }

    @PostMapping("/console/households/{villageId}/{id}/passbook/corrections")
    String correct(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam UUID postingId, @RequestParam(required = false) String reason,
                   @RequestParam String key, RedirectAttributes flash) {
        households.get(actor, villageId, id);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        clientPostings.post(actor, PostingRequest.reversal(villageId, id, PostingKind.CORRECT, postingId, reason, key));
        return "redirect:/console/households/" + villageId + "/" + id + "/passbook";
    }

    @GetMapping("/console/ledger/verify")
    String verifyPage(Actor actor, @RequestParam(required = false) String village, Model model) {
        return verifyPage(actor, village, null, model);
    }

    /** Verify against a checkpoint kept outside the database (pasted from the printout). */
    @PostMapping("/console/ledger/verify")
    String verifySincePage(Actor actor, @RequestParam(required = false) String village,
                           @RequestParam(required = false) String since, Model model) {
        return verifyPage(actor, village, since == null ? "" : since, model);
    }

    private String verifyPage(Actor actor, String village, String since, Model model) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        model.addAttribute("villages", orgUnits.villagesVisible(actor));
        if (village != null && !village.isBlank()) {
            OrgUnit v = orgUnits.visibleVillage(actor, village);
            model.addAttribute("village", v);
            long start = System.nanoTime();
            try {
                model.addAttribute("report", since == null ? verifier.verify(v.id()) : verifier.verifySince(v.id(), since));
                model.addAttribute("sinceChecked", since != null);
            } catch (InvalidInput e) {
                model.addAttribute("sinceError", problems.of(e.problems().get(0)));
            }
            model.addAttribute("millis", (System.nanoTime() - start) / 1_000_000);
        }
        return "ledger-verify";
    }

    private long own(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return actor.householdId();
    }

    private Household fillSummary(Actor actor, long villageId, long id, Model model) {
        Household h = households.get(actor, villageId, id);
        int year = LocalDate.now(clock).getYear();
        model.addAttribute("h", h);
        model.addAttribute("available", ledger.balance(villageId, id));
        model.addAttribute("yearScore", ledger.score(villageId, id, Period.year(year)));
        model.addAttribute("year", year);
        model.addAttribute("vetoed", ledger.isVetoed(villageId, id, year));
        model.addAttribute("latest", ledger.statement(villageId, id, 0, 5));
        model.addAttribute("names", h.members().stream().collect(Collectors.toMap(m -> m.id(), m -> m.name())));
        return h;
    }

    private void fill(Actor actor, long villageId, long id, int page, Model model) {
        Household h = fillSummary(actor, villageId, id, model);
        int p = Math.max(0, page);
        long total = ledger.statementSize(villageId, id);
        model.addAttribute("lines", ledger.statement(villageId, id, p, PAGE));
        model.addAttribute("page", new Page<>(List.of(), p, PAGE, total));
        model.addAttribute("lineage", orgUnits.lineage(orgUnits.byId(villageId)));
        model.addAttribute("newKey", UUID.randomUUID().toString());
        model.addAttribute("hh", h);
    }

    private ResponseEntity<byte[]> pdfOf(Actor actor, long villageId, long id) {
        Household h = households.get(actor, villageId, id);
        int year = LocalDate.now(clock).getYear();
        long size = ledger.statementSize(villageId, id);
        List<StatementLine> all = ledger.statement(villageId, id, 0, (int) Math.min(size, 5000));
        String villageLine = orgUnits.lineage(orgUnits.byId(villageId)).stream().map(OrgUnit::name)
                .collect(Collectors.joining(" "));
        List<PassbookStatement.Line> lines = all.stream().map(l -> new PassbookStatement.Line(l.postedOn(),
                label(l), l.amount(), l.balanceAfter(), l.actorName(), l.reason())).toList();
        byte[] pdf = PassbookStatement.render(new PassbookStatement.Data(villageLine, h.passbookNumber(), h.headName(),
                ledger.balance(villageId, id), ledger.score(villageId, id, Period.year(year)), year, lines,
                LocalDate.now(clock)));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename("statement-" + h.passbookNumber() + ".pdf").build().toString())
                .body(pdf);
    }

    private String label(StatementLine l) {
        String kind = problems.msg(l.kind().messageKey());
        return l.itemLabel() == null ? kind : kind + "：" + l.itemLabel();
    }
}
