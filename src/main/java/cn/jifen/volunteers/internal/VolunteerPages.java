package cn.jifen.volunteers.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.volunteers.Team;
import cn.jifen.volunteers.VolunteerHours;
import cn.jifen.volunteers.VolunteerTeams;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Volunteer teams, hours, team rankings and honour certificates for staff (/console/volunteers). */
@Controller
class VolunteerPages {
    private static final int PAGE = 50;

    private final VolunteerTeams teams;
    private final VolunteerHours hours;
    private final Activities activities;
    private final ProblemMessages messages;
    private final FormRefusals forms;
    private final Clock clock;

    VolunteerPages(VolunteerTeams teams, VolunteerHours hours, Activities activities, ProblemMessages messages,
                   FormRefusals forms, Clock clock) {
        this.teams = teams;
        this.hours = hours;
        this.activities = activities;
        this.messages = messages;
        this.forms = forms;
        this.clock = clock;
    }

    // ------------------------------------------------------------ teams

    @GetMapping("/console/volunteers")
    String list(Actor actor, @RequestParam(required = false) String scope, @RequestParam(defaultValue = "0") int page,
                Model model) {
        fillList(actor, scope, page, model);
        model.addAttribute("form", Map.of());
        return "volunteer-teams";
    }

    private void fillList(Actor actor, String scope, int page, Model model) {
        OrgUnit unit = teams.scope(actor, scope);
        Page<Team> p = teams.list(actor, unit.code(), new Paging(page, PAGE));
        model.addAttribute("unit", unit);
        model.addAttribute("teams", p.items());
        model.addAttribute("page", p);
        model.addAttribute("admin", actor.isAdmin());
        model.addAttribute("types", ServiceType.values());
        model.addAttribute("year", LocalDate.now(clock).getYear());
    }

    @PostMapping("/console/volunteers")
    String create(Actor actor, @RequestParam(required = false) String unit, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String serviceType, @RequestParam(required = false) String captain,
                  Model model, HttpServletResponse response) {
        try {
            Team t = teams.create(actor, unit, name, serviceType, captain, null);
            return "redirect:/console/volunteers/" + t.villageId() + "/" + t.id();
        } catch (InvalidInput e) {
            return forms.again(e, FormRefusals.typed("name", name, "serviceType", serviceType, "captain", captain),
                    model, response, () -> {
                        fillList(actor, unit, 0, model);
                        return "volunteer-teams";
                    });
        }
    }

    @GetMapping("/console/volunteers/{villageId}/{id}")
    String detail(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) Integer year, Model model) {
        fillDetail(actor, villageId, id, year, model);
        model.addAttribute("form", Map.of());
        return "volunteer-team";
    }

    private void fillDetail(Actor actor, long villageId, long id, Integer year, Model model) {
        Team t = teams.get(actor, villageId, id);
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        model.addAttribute("t", t);
        model.addAttribute("year", y);
        List<Member> members = teams.members(actor, villageId, id);
        model.addAttribute("current", members.stream().filter(Member::current).toList());
        model.addAttribute("past", members.stream().filter(m -> !m.current()).toList());
        model.addAttribute("figures", hours.figures(actor, villageId, id, y));
        model.addAttribute("activities", hours.teamActivities(actor, villageId, id, y));
        model.addAttribute("honours", hours.honoursOf(actor, villageId, id));
        boolean manager = actor.isAdmin() && actor.covers(t.orgPath());
        model.addAttribute("manager", manager);
        model.addAttribute("types", ServiceType.values());
        model.addAttribute("today", LocalDate.now(clock));
        // the activities a manager may add: recent ones of the team's (home) village that belong to no team yet
        List<Activity> open = List.of();
        if (manager) {
            OffsetDateTime now = OffsetDateTime.now(clock);
            open = activities.startingBetween(t.villageId(), now.minusYears(1), now.plusYears(1)).stream()
                    .filter(a -> teams.teamOf(a.villageId(), a.id()).isEmpty()).toList();
        }
        model.addAttribute("openActivities", open);
    }

    private String again(Actor actor, long villageId, long id, RuntimeException e, Map<String, Object> form, Model model,
                         HttpServletResponse response) {
        return forms.again(e, form, model, response, () -> {
            fillDetail(actor, villageId, id, null, model);
            return "volunteer-team";
        });
    }

    @PostMapping("/console/volunteers/{villageId}/{id}")
    String edit(Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestParam(required = false) String name, @RequestParam(required = false) String serviceType,
                @RequestParam(required = false) Long captainResidentId, Model model, HttpServletResponse response) {
        try {
            teams.edit(actor, villageId, id, name, serviceType, captainResidentId);
        } catch (InvalidInput | Conflict e) {
            Map<String, Object> form = new HashMap<>();
            form.put("name", name);
            return again(actor, villageId, id, e, form, model, response);
        }
        return "redirect:/console/volunteers/" + villageId + "/" + id;
    }

    @PostMapping("/console/volunteers/{villageId}/{id}/members")
    String join(Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestParam(required = false) String passbook, @RequestParam(required = false) Long residentId,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate joinedOn,
                Model model, HttpServletResponse response) {
        try {
            teams.join(actor, villageId, id, passbook, residentId, joinedOn);
        } catch (InvalidInput | Conflict e) {
            Map<String, Object> form = new HashMap<>();
            form.put("passbook", passbook);
            form.put("joinedOn", joinedOn);
            return again(actor, villageId, id, e, form, model, response);
        }
        return "redirect:/console/volunteers/" + villageId + "/" + id;
    }

    @PostMapping("/console/volunteers/{villageId}/{id}/members/{residentId}/leave")
    String leave(Actor actor, @PathVariable long villageId, @PathVariable long id, @PathVariable long residentId,
                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate leftOn,
                 @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        try {
            teams.leave(actor, villageId, id, residentId, leftOn, reason);
        } catch (InvalidInput | Conflict e) {
            return again(actor, villageId, id, e, Map.of(), model, response);
        }
        return "redirect:/console/volunteers/" + villageId + "/" + id;
    }

    @PostMapping("/console/volunteers/{villageId}/{id}/activities")
    String link(Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestParam(required = false) String activity, Model model, HttpServletResponse response) {
        try {
            long[] key = activityKey(activity);
            teams.linkActivity(actor, villageId, id, key == null ? null : key[0], key == null ? null : key[1]);
        } catch (InvalidInput | Conflict e) {
            return again(actor, villageId, id, e, Map.of(), model, response);
        }
        return "redirect:/console/volunteers/" + villageId + "/" + id;
    }

    /** "villageId/activityId" from the pick list; null when missing or malformed. */
    private static long[] activityKey(String s) {
        if (s == null || !s.matches("\\d{1,18}/\\d{1,18}")) {
            return null;
        }
        String[] p = s.split("/");
        return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
    }

    @PostMapping("/console/volunteers/{villageId}/{id}/honours")
    String honour(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) Integer year, @RequestParam(required = false) String title,
                  Model model, HttpServletResponse response) {
        try {
            TeamHonour h = hours.honour(actor, villageId, id, year, title);
            return "redirect:/console/volunteers/honours/" + h.villageId() + "/" + h.id();
        } catch (InvalidInput | Conflict e) {
            Map<String, Object> form = new HashMap<>();
            form.put("title", title);
            form.put("honourYear", year);
            return again(actor, villageId, id, e, form, model, response);
        }
    }

    // ------------------------------------------------------------ rankings, hours, certificates

    @GetMapping("/console/volunteers/rankings")
    String rankings(Actor actor, @RequestParam(required = false) String scope,
                    @RequestParam(required = false) Integer year, Model model) {
        OrgUnit unit = teams.scope(actor, scope);
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        model.addAttribute("unit", unit);
        model.addAttribute("year", y);
        model.addAttribute("lines", hours.ranking(actor, unit.code(), y));
        model.addAttribute("honours", hours.honours(actor, unit.code(), y));
        return "volunteer-rankings";
    }

    @GetMapping("/console/volunteers/hours")
    String people(Actor actor, @RequestParam(required = false) String village,
                  @RequestParam(required = false) Integer year, Model model) {
        OrgUnit unit = teams.scope(actor, village);
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        model.addAttribute("unit", unit);
        model.addAttribute("year", y);
        model.addAttribute("villages", unit.isVillage() ? List.of() : villagesUnder(actor, unit));
        model.addAttribute("people", unit.isVillage() ? hours.people(actor, unit.code(), y) : List.of());
        return "volunteer-hours";
    }

    private List<OrgUnit> villagesUnder(Actor actor, OrgUnit unit) {
        return teams.villagesUnder(actor, unit);
    }

    @GetMapping("/console/volunteers/honours/{villageId}/{id}")
    String certificate(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        TeamHonour h = hours.certificate(actor, villageId, id);
        model.addAttribute("h", h);
        model.addAttribute("awardedOn", h.awardedAt().atZoneSameInstant(ZoneId.of(clock.getZone().getId())).toLocalDate());
        return "volunteer-honour";
    }
}
