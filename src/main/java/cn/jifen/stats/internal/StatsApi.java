package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.shared.ReadReplica;
import cn.jifen.stats.Exports;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

@RestController
@RequestMapping("/api/v1/stats")
@Tag(name = "stats", description = "统计：任一县、镇、村在任一期间的积分、存折、参与、申报数字")
public class StatsApi {
    public record Breakdown(String orgUnit, LocalDate from, LocalDate to, List<Stats.Line> categories, List<Stats.Line> items,
                     List<Stats.Month> months, List<Stats.Row> comparison) { }

    private final Stats stats;
    private final Exports exports;
    private final ReadReplica replica;

    public StatsApi(Stats stats, Exports exports, ReadReplica replica) {
        this.replica = replica;
        this.stats = stats;
        this.exports = exports;
    }

    @GetMapping("/rollup")
    @Operation(summary = "月度汇总的状态：汇总到哪一天，以及与账本逐月核对的差异（应为空）。县级管理员和县级审计员")
    public Stats.RollupState rollup(@Parameter(hidden = true) Actor actor) {
        return stats.rollupState(actor);
    }

    @GetMapping("/export/{kind}.{format}")
    @Operation(summary = "导出积分台账（ledger）、积分申报（claims）、农户（households）为 xlsx 或 csv，边查边写")
    public ResponseEntity<StreamingResponseBody> export(
            @Parameter(hidden = true) Actor actor, @PathVariable String kind,
            @PathVariable String format,
            @RequestParam(required = false) String orgUnit,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        Exports.Job job = exports.job(actor, kind, format, orgUnit, from, to);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(job.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, StatsPages.attachment(job.filename()))
                .body(out -> replica.stream(() -> exports.write(job, out)));
    }

    @GetMapping("/summary")
    @Operation(summary = "主要数字：存折、超市、兑换、参与人次、积分发放/扣减/没收/清零/兑换/结余、申报、否决（定义见文档）")
    public Figures summary(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String orgUnit,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return replica.read(() -> stats.summary(actor, orgUnit, from, to));
    }

    @GetMapping("/breakdown")
    @Operation(summary = "按类别、细则项目、月份分解，以及下级镇/村并排比较")
    public Breakdown breakdown(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String orgUnit,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                        @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        OrgUnit unit = stats.unit(actor, orgUnit);
        Period p = stats.period(from, to);
        return replica.read(() -> {
            List<Stats.Line> items = stats.byItem(unit, p);
            return new Breakdown(unit.code(), p.from(), p.to(), Stats.categoriesOf(items), items, stats.monthly(unit, p),
                    stats.compare(unit, p));
        });
    }
}
