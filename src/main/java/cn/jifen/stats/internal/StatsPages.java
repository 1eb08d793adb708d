package cn.jifen.stats.internal;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.shared.ReadReplica;
import cn.jifen.stats.Exports;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The statistics dashboard (county → town → village → household), the period report and the exports. */
@Controller
public class StatsPages {
    private final Stats stats;
    private final Reports reports;
    private final Exports exports;
    private final ReadReplica replica;

    public StatsPages(Stats stats, Reports reports, Exports exports, ReadReplica replica) {
        this.replica = replica;
        this.stats = stats;
        this.reports = reports;
        this.exports = exports;
    }

    @GetMapping("/console/stats")
    public String dashboard(Actor actor, @RequestParam(required = false) String unit,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     Model model, Locale locale) {
        // dashboards, reports and exports only read: on the read replica when one is configured (docs/scale.md)
        return replica.read(() -> fillDashboard(actor, unit, from, to, model, locale));
    }

    private String fillDashboard(Actor actor, String unit, LocalDate from, LocalDate to, Model model, Locale locale) {
        OrgUnit u = stats.unit(actor, unit);
        Period p = stats.period(from, to);
        Figures f = stats.figures(u, p);
        List<Stats.Row> rows = stats.compare(u, p);
        List<Stats.Month> months = stats.monthly(u, p);
        model.addAttribute("unit", u);
        model.addAttribute("period", p);
        model.addAttribute("f", f);
        model.addAttribute("headline", headline(f, locale));
        model.addAttribute("lineage", stats.lineage(u).stream()
                .filter(x -> actor.covers(x.path())).toList());
        model.addAttribute("rows", rows);
        model.addAttribute("months", months);
        List<Stats.Line> items = stats.byItem(u, p);
        model.addAttribute("categories", Stats.categoriesOf(items));
        model.addAttribute("items", items);
        model.addAttribute("households", u.level() == OrgLevel.VILLAGE ? stats.households(u, p) : List.of());
        LocalDate today = stats.today();
        model.addAttribute("today", today);
        model.addAttribute("monthLabel", Reports.label(Period.month(YearMonth.from(p.to()))));
        model.addAttribute("quarterLabel", Reports.label(Period.quarterOf(p.to())));
        model.addAttribute("yearLabel", String.valueOf(p.to().getYear()));
        model.addAttribute("thisMonth", YearMonth.from(today).atDay(1));
        model.addAttribute("thisQuarter", Period.quarterOf(today).from());
        model.addAttribute("thisYear", LocalDate.of(today.getYear(), 1, 1));
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("names", rows.stream().map(Stats.Row::name).toList());
        chart.put("issued", rows.stream().map(Stats.Row::issued).toList());
        chart.put("redeemed", rows.stream().map(Stats.Row::redeemed).toList());
        chart.put("outstanding", rows.stream().map(Stats.Row::outstanding).toList());
        chart.put("months", months.stream().map(Stats.Month::month).toList());
        chart.put("monthIssued", months.stream().map(Stats.Month::issued).toList());
        chart.put("monthDeducted", months.stream().map(Stats.Month::deducted).toList());
        chart.put("monthRedeemed", months.stream().map(Stats.Month::redeemed).toList());
        chart.put("labels", Map.of("issued", reports.msg("stats.col.issued", locale),
                "redeemed", reports.msg("stats.col.redeemed", locale),
                "outstanding", reports.msg("stats.col.outstanding", locale),
                "deducted", reports.msg("stats.col.deducted", locale)));
        model.addAttribute("chart", json(chart));
        return "stats";
    }

    private List<Reports.Figure> headline(Figures f, Locale locale) {
        List<Reports.Figure> out = new ArrayList<>();
        for (RecordComponent c : Figures.class.getRecordComponents()) {
            String label = reports.msg("stats.f." + c.getName(), locale);
            if (label.startsWith("stats.f.")) {
                continue;
            }
            try {
                out.add(new Reports.Figure(c.getName(), label, c.getAccessor().invoke(f)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    @GetMapping("/console/stats/report")
    public String report(Actor actor, @RequestParam(required = false) String unit, @RequestParam(required = false) String period,
                  Model model, Locale locale) {
        model.addAttribute("r", replica.read(() -> reports.report(actor, unit, period, locale)));
        return "stats-report";
    }

    @GetMapping("/console/stats/report.pdf")
    public ResponseEntity<byte[]> reportPdf(Actor actor, @RequestParam(required = false) String unit,
                                     @RequestParam(required = false) String period) {
        Reports.Report r = replica.read(() -> reports.report(actor, unit, period, Locale.SIMPLIFIED_CHINESE));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(r.unit().name() + "-统计报告-" + r.periodLabel() + ".pdf"))
                .body(reports.pdf(r));
    }

    @GetMapping("/console/stats/report.xlsx")
    public ResponseEntity<StreamingResponseBody> reportXlsx(Actor actor, @RequestParam(required = false) String unit,
                                                     @RequestParam(required = false) String period) {
        Reports.Report r = replica.read(() -> reports.report(actor, unit, period, Locale.SIMPLIFIED_CHINESE));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(r.unit().name() + "-统计报告-" + r.periodLabel() + ".xlsx"))
                .body(out -> reports.xlsx(r, out));
    }

    @GetMapping("/console/stats/export/{kind}.{format}")
    public ResponseEntity<StreamingResponseBody> export(Actor actor, @PathVariable String kind, @PathVariable String format,
                                                 @RequestParam(required = false) String unit,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                 @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Exports.Job job = exports.job(actor, kind, format, unit, from, to);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(job.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(job.filename()))
                .body(out -> replica.stream(() -> exports.write(job, out)));
    }

    public static String attachment(String filename) {
        return ContentDisposition.attachment().filename(filename, StandardCharsets.UTF_8).build().toString();
    }

    /** JSON of maps, lists, strings and numbers, for the chart data block (read by /js/stats.js). */
    public static String json(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            StringJoiner j = new StringJoiner(",", "{", "}");
            m.forEach((k, x) -> j.add(json(String.valueOf(k)) + ":" + json(x)));
            return j.toString();
        }
        if (v instanceof Collection<?> c) {
            StringJoiner j = new StringJoiner(",", "[", "]");
            c.forEach(x -> j.add(json(x)));
            return j.toString();
        }
        StringBuilder b = new StringBuilder("\"");
        for (char ch : v.toString().toCharArray()) {
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&') {
                b.append(String.format("\\u%04x", (int) ch));
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }
}
