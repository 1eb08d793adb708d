package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import cn.jifen.stats.Stats;

/** The practice's figures (治理实践): {@code GET /api/v1/stats/practice} and the dashboard's card (loaded by htmx). */
@Controller
@Tag(name = "stats")
public class PracticeStats {
    /** The answer of the API: the unit, the days and the sections. */
    public record Answer(String orgUnit, LocalDate from, LocalDate to, List<Practice.Section> sections) { }

    private final Stats stats;
    private final Practice practice;

    public PracticeStats(Stats stats, Practice practice) {
        this.stats = stats;
        this.practice = practice;
    }

    private Answer answer(Actor actor, String unit, LocalDate from, LocalDate to, Locale locale) {
        OrgUnit u = stats.unit(actor, unit);
        Period p = stats.period(from, to);
        return new Answer(u.code(), p.from(), p.to(), practice.sections(u, p.from(), p.to(), locale));
    }

    @GetMapping("/api/v1/stats/practice")
    @ResponseBody
    @Operation(summary = "治理实践：党员分类与星级、志愿服务、评议会、群众需求、议事表决、投诉建议等各部分的数字；"
            + "sections 按顺序，每部分 key、title、figures（key、label、value、unit）")
    public Answer api(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String orgUnit,
               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
               @Parameter(hidden = true) Locale locale) {
        return answer(actor, orgUnit, from, to, locale);
    }

    @GetMapping("/console/stats/practice")
    public String card(Actor actor, @RequestParam(required = false) String unit,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                Model model, Locale locale) {
        model.addAttribute("practice", answer(actor, unit, from, to, locale));
        return "stats-practice :: card";
    }
}
