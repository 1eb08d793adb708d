package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.volunteers.VolunteerHours;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import cn.jifen.stats.Stats;

/**
 * Volunteering in the statistics (志愿服务时长, person-times, teams, informants' confirmed reports), read through the
 * volunteers module's API: {@code GET /api/v1/stats/volunteering} and the dashboard's card (loaded by htmx).
 */
@Controller
@Tag(name = "stats")
public class VolunteeringStats {
    private final Stats stats;
    private final VolunteerHours hours;

    public VolunteeringStats(Stats stats, VolunteerHours hours) {
        this.stats = stats;
        this.hours = hours;
    }

    private VolunteerHours.Totals totals(Actor actor, String unit, LocalDate from, LocalDate to) {
        OrgUnit u = stats.unit(actor, unit);
        Period p = stats.period(from, to);
        return hours.totals(actor, u, p.from(), p.to());
    }

    @GetMapping("/api/v1/stats/volunteering")
    @ResponseBody
    @Operation(summary = "志愿服务：期间内开始的活动的志愿服务时长（分钟 minutes、小时 hours）与签到人次，现有队伍数与队员数，采纳的信息员报告数")
    public VolunteerHours.Totals api(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String orgUnit,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return totals(actor, orgUnit, from, to);
    }

    @GetMapping("/console/stats/volunteering")
    public String card(Actor actor, @RequestParam(required = false) String unit,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                Model model) {
        model.addAttribute("v", totals(actor, unit, from, to));
        return "stats-volunteering :: card";
    }
}
