package cn.jifen.honours.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Award;
import cn.jifen.honours.Honour;
import cn.jifen.honours.Honours;
import cn.jifen.honours.Periods;
import cn.jifen.honours.RankLine;
import cn.jifen.honours.Rankings;
import cn.jifen.honours.ReferenceCertificates;
import cn.jifen.honours.Subject;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
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

/** The honours workflow page for staff, honour certificates, and the villager's own honours page. */
@Controller
public class HonoursPages {
    private final Honours honours;
    private final Rankings rankings;
    private final ReferenceCertificates certificates;
    private final OrgUnits orgUnits;
    private final PublicUrls urls;
    private final Clock clock;

    public HonoursPages(Honours honours, Rankings rankings, ReferenceCertificates certificates, OrgUnits orgUnits,
                 PublicUrls urls, Clock clock) {
        this.honours = honours;
        this.rankings = rankings;
        this.certificates = certificates;
        this.orgUnits = orgUnits;
        this.urls = urls;
        this.clock = clock;
    }

    @GetMapping("/console/honours")
    public String page(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) String period,
                @RequestParam(required = false) Integer year, @RequestParam(required = false) String award, Model model) {
        OrgUnit v = villageOf(actor, village);
        model.addAttribute("village", v);
        model.addAttribute("villages", v == null ? orgUnits.villagesVisible(actor) : List.of());
        model.addAttribute("awards", honours.awards());
        model.addAttribute("county", actor.is(Role.COUNTY_ADMIN));
        model.addAttribute("canEdit", actor.isAdmin());
        OrgUnit policyUnit = v != null ? v : orgUnits.byId(actor.orgUnitId());
        model.addAttribute("flagPeriod", honours.flagPeriod(policyUnit));
        model.addAttribute("thresholds", honours.starThresholds(policyUnit));
        if (v != null) {
            int y = year == null ? LocalDate.now(clock).getYear() : year;
            model.addAttribute("flag", honours.flag(actor, v.code(), period));
            model.addAttribute("persons", honours.starPersons(actor, v.code(), period));
            model.addAttribute("stars", honours.stars(actor, v.code(), y));
            model.addAttribute("year", y);
            String a = award != null && !award.isBlank() ? award
                    : honours.awards().stream().findFirst().map(Award::code).orElse(null);
            model.addAttribute("candidates", a == null ? null : honours.candidates(actor, v.code(), a, y));
        }
        return "honours";
    }

    private OrgUnit villageOf(Actor actor, String village) {
        honours.checkReader(actor);
        if (village != null && !village.isBlank()) {
            return honours.readable(actor, village);
        }
        return orgUnits.ownVillage(actor).orElse(null);
    }

    @PostMapping("/console/honours/flag")
    public String confirmFlag(Actor actor, @RequestParam String village, @RequestParam(required = false) String period,
                       @RequestParam(required = false) Long householdId, @RequestParam(required = false) String reason) {
        honours.confirmFlag(actor, village, period, householdId, reason);
        return redirect(village, period, null);
    }

    @PostMapping("/console/honours/star-persons")
    public String starPersons(Actor actor, @RequestParam String village, @RequestParam(required = false) String period,
                       @RequestParam(required = false) List<Long> residentIds) {
        honours.awardStarPersons(actor, village, period, residentIds);
        return redirect(village, period, null);
    }

    @PostMapping("/console/honours/stars/freeze")
    public String freeze(Actor actor, @RequestParam String village, @RequestParam int year) {
        honours.freezeStars(actor, village, year);
        return "redirect:/console/honours?village=" + village + "&year=" + year;
    }

    @PostMapping("/console/honours/awards")
    public String defineAward(Actor actor, @RequestParam(required = false) String code, @RequestParam(required = false) String name,
                       @RequestParam(required = false) Integer topN, @RequestParam(required = false) Long minScore,
                       @RequestParam(defaultValue = "false") boolean noVeto, @RequestParam(required = false) String village) {
        honours.defineAward(actor, code, name, topN, minScore, noVeto);
        return "redirect:/console/honours" + (village == null ? "" : "?village=" + village);
    }

    @PostMapping("/console/honours/awards/{code}/decision")
    public String decide(Actor actor, @PathVariable String code, @RequestParam String village, @RequestParam int year,
                  @RequestParam(required = false) List<Long> householdIds, @RequestParam(required = false) String note) {
        honours.decide(actor, village, code, year, householdIds, note);
        return "redirect:/console/honours?village=" + village + "&year=" + year + "&award=" + code;
    }

    @GetMapping({"/console/honours/{villageId}/{id}/certificate.pdf", "/me/honours/{villageId}/{id}/certificate.pdf"})
    public ResponseEntity<byte[]> certificate(Actor actor, @PathVariable long villageId, @PathVariable long id) {
        Honour h = honours.honour(actor, villageId, id);
        if (h.verifyCode() == null) {
            throw new NotFound("error.honours.notFound");
        }
        byte[] pdf = CertificatePdf.starPerson(h, orgUnits.byId(villageId).name(), urls.verify(h.verifyCode()));
        return pdf(pdf, "正能量红人-" + h.serial() + ".pdf");
    }

    @GetMapping("/me/honours")
    public String mine(Actor actor, Model model) {
        LocalDate today = LocalDate.now(clock);
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        model.addAttribute("village", village);
        model.addAttribute("honours", honours.ofHousehold(actor, actor.orgUnitId(), actor.householdId()));
        model.addAttribute("certificates", certificates.mine(actor));
        model.addAttribute("month", own(actor, village, Period.month(YearMonth.from(today))));
        model.addAttribute("year", own(actor, village, Period.year(today.getYear())));
        model.addAttribute("monthLabel", Periods.label(Period.month(YearMonth.from(today))));
        model.addAttribute("yearLabel", Periods.label(Period.year(today.getYear())));
        return "my-honours";
    }

    private RankLine own(Actor actor, OrgUnit village, Period p) {
        return rankings.rank(actor, village.code(), Subject.HOUSEHOLD, p, null).lines().stream()
                .filter(l -> l.householdId() == actor.householdId()).findFirst().orElse(null);
    }

    private static String redirect(String village, String period, String extra) {
        return "redirect:/console/honours?village=" + village + (period == null || period.isBlank() ? "" : "&period=" + period);
    }

    public static ResponseEntity<byte[]> pdf(byte[] pdf, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(filename, StandardCharsets.UTF_8).build().toString())
                .body(pdf);
    }
}
