package cn.jifen.honours.internal;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Periods;
import cn.jifen.honours.Ranking;
import cn.jifen.honours.Rankings;
import cn.jifen.honours.Subject;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.shared.ReadReplica;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Ranking pages: staff (/console/rankings, any unit in scope) and villagers (/me/rankings, their village). */
@Controller
public class RankingPages {
    public static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final Rankings rankings;
    private final OrgUnits orgUnits;
    private final RuleCatalogue catalogue;
    private final Clock clock;
    private final ReadReplica replica;

    public RankingPages(Rankings rankings, OrgUnits orgUnits, RuleCatalogue catalogue, Clock clock,
                        ReadReplica replica) {
        this.replica = replica;
        this.rankings = rankings;
        this.orgUnits = orgUnits;
        this.catalogue = catalogue;
        this.clock = clock;
    }

    @GetMapping({"/console/rankings", "/me/rankings"})
    public String page(Actor actor, @RequestParam(required = false) String scope,
                @RequestParam(required = false) String subject, @RequestParam(required = false) String kind,
                @RequestParam(required = false) String period,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                @RequestParam(required = false) String category, Model model) {
        Ranking r = rank(actor, scope, subject, kind, period, from, to, category);
        model.addAttribute("ranking", r);
        model.addAttribute("periodLabel", Periods.label(r.period()));
        model.addAttribute("subjectLabel", RankingWorkbook.subjectLabel(r.subject()));
        model.addAttribute("categories", catalogue.categories());
        model.addAttribute("villager", !actor.isStaff());
        model.addAttribute("units", actor.isStaff() ? orgUnits.tree(actor).stream()
                .filter(u -> u.level() != OrgLevel.GRID || u.path().startsWith(actor.orgPath()))
                .toList() : List.<OrgUnit>of());
        model.addAttribute("q", new Query(r.scopeCode(), r.subject().name(), kind == null ? "MONTH" : kind.toUpperCase(Locale.ROOT),
                period == null ? "" : period, from, to, r.subject() == Subject.PARTY ? "" : (category == null ? "" : category)));
        model.addAttribute("mine", actor.householdId());
        return "rankings";
    }

    public record Query(String scope, String subject, String kind, String period, LocalDate from, LocalDate to, String category) { }

    @GetMapping({"/console/rankings.xlsx", "/me/rankings.xlsx"})
    public ResponseEntity<byte[]> xlsx(Actor actor, @RequestParam(required = false) String scope,
                                @RequestParam(required = false) String subject, @RequestParam(required = false) String kind,
                                @RequestParam(required = false) String period,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String category) {
        Ranking r = rank(actor, scope, subject, kind, period, from, to, category);
        String name = "积分排行-" + r.scopeName() + "-" + Periods.key(r.period()) + ".xlsx";
        return ResponseEntity.ok().contentType(XLSX)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build().toString())
                .body(RankingWorkbook.of(r));
    }

    public Ranking rank(Actor actor, String scope, String subject, String kind, String period, LocalDate from, LocalDate to,
                 String category) {
        Period p = Periods.parse(kind, period, from, to, LocalDate.now(clock));
        // rankings only read: on the read replica when one is configured (docs/scale.md)
        return replica.read(() -> rankings.rank(actor, scope, subject(subject), p, category));
    }

    public static Subject subject(String s) {
        if (s == null || s.isBlank()) {
            return Subject.HOUSEHOLD;
        }
        try {
            return Subject.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("subject", "error.honours.subject");
        }
    }
}
