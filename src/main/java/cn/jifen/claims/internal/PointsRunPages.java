package cn.jifen.claims.internal;

import cn.jifen.claims.Claims;
import cn.jifen.claims.PointsPolicy;
import cn.jifen.claims.PointsRun;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The points runs of the county's policy (基础分, 到期清零) on a page: the past runs of every village in the
 * actor's scope (admins and auditors), and for the county admin the buttons that run base points for a year
 * or the expiry as of a date — the same service calls as {@code /api/v1/points-runs}, so a run repeated posts
 * nothing twice — followed by what the run did. Admins may also post the claims whose publicity has ended.
 */
@Controller
class PointsRunPages {
    record Line(PointsRun run, String villageName) { }

    private final PointsPolicy policy;
    private final Claims claims;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final Clock clock;

    PointsRunPages(PointsPolicy policy, Claims claims, OrgUnits orgUnits, ProblemMessages problems, Clock clock) {
        this.policy = policy;
        this.claims = claims;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/console/points-runs")
    String page(Actor actor, Model model) {
        fill(actor, model);
        Map<String, Object> form = new HashMap<>();
        form.put("year", LocalDate.now(clock).getYear());
        form.put("points", actor.is(Role.COUNTY_ADMIN) ? policy.basePoints(actor) : null);
        form.put("date", LocalDate.now(clock));
        model.addAttribute("form", form);
        return "points-runs";
    }

    @PostMapping("/console/points-runs/base")
    String base(Actor actor, @RequestParam(required = false) Integer year, @RequestParam(required = false) Integer points,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        requireCountyAdmin(actor);
        try {
            if (year == null) {
                throw InvalidInput.of("year", "error.required");
            }
            List<PointsRun> runs = policy.grantBase(actor, year, points == null ? 0 : points);
            flash.addFlashAttribute("done", summary("runs.done.BASE", String.valueOf(year), runs));
            return "redirect:/console/points-runs";
        } catch (InvalidInput e) {
            return refused(actor, e, Map.of("year", year == null ? "" : year, "points", points == null ? "" : points),
                    model, response);
        } catch (Conflict e) {
            // the scheduled run holds the county's lock: say so on the form, as typed, nothing run
            return busy(actor, e, Map.of("year", year, "points", points == null ? "" : points), model, response);
        }
    }

    @PostMapping("/console/points-runs/expire")
    String expire(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                  Model model, HttpServletResponse response, RedirectAttributes flash) {
        requireCountyAdmin(actor);
        try {
            if (date == null) {
                throw InvalidInput.of("date", "error.required");
            }
            List<PointsRun> runs = policy.expire(actor, date);
            flash.addFlashAttribute("done", summary("runs.done.EXPIRE", date.toString(), runs));
            return "redirect:/console/points-runs";
        } catch (InvalidInput e) {
            return refused(actor, e, Map.of("date", date == null ? "" : date), model, response);
        } catch (Conflict e) {
            return busy(actor, e, Map.of("date", date), model, response);
        }
    }

    @PostMapping("/console/points-runs/post-due")
    String postDue(Actor actor, @RequestParam(required = false) String orgUnit, RedirectAttributes flash) {
        int posted = claims.postDueNow(actor, orgUnit);
        flash.addFlashAttribute("done", problems.msg("claims.postDue.done", posted));
        return "redirect:/console/points-runs";
    }

    /** One line on what a run did: villages, households seen, newly posted, points moved. */
    private String summary(String key, String period, List<PointsRun> runs) {
        int seen = runs.stream().mapToInt(PointsRun::households).sum();
        int posted = runs.stream().mapToInt(PointsRun::posted).sum();
        long points = runs.stream().mapToLong(PointsRun::points).sum();
        return problems.msg(key, period, runs.size(), seen, posted, points);
    }

    private String refused(Actor actor, InvalidInput e, Map<String, Object> typed, Model model,
                           HttpServletResponse response) {
        String view = form(actor, typed, model);
        model.addAttribute("problems", problems.of(e));
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return view;
    }

    private String busy(Actor actor, Conflict e, Map<String, Object> typed, Model model,
                        HttpServletResponse response) {
        String view = form(actor, typed, model);
        model.addAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        response.setStatus(HttpStatus.CONFLICT.value());
        return view;
    }

    /** The page again with what was typed. */
    private String form(Actor actor, Map<String, Object> typed, Model model) {
        fill(actor, model);
        Map<String, Object> form = new HashMap<>();
        form.put("year", LocalDate.now(clock).getYear());
        form.put("points", policy.basePoints(actor));
        form.put("date", LocalDate.now(clock));
        form.putAll(typed);
        model.addAttribute("form", form);
        return "points-runs";
    }

    private static void requireCountyAdmin(Actor actor) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
    }

    private void fill(Actor actor, Model model) {
        Map<Long, String> names = new HashMap<>();
        List<Line> lines = policy.runsInScope(actor).stream()
                .map(r -> new Line(r, names.computeIfAbsent(r.villageId(), id -> orgUnits.byId(id).name()))).toList();
        model.addAttribute("lines", lines);
        model.addAttribute("county", actor.is(Role.COUNTY_ADMIN));
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        model.addAttribute("postDueScope", actor.isAdmin() ? own : null);
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("zone", clock.getZone());
    }
}
