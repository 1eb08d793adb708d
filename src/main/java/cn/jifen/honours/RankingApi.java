package cn.jifen.honours;

import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "rankings", description = "积分排行：农户、村民、党员（党员争优，按支部）")
class RankingApi {
    private final RankingPages pages;

    RankingApi(RankingPages pages) {
        this.pages = pages;
    }

    @GetMapping("/rankings")
    @Operation(summary = "排行：scope=网格/村/镇/县编码，subject=HOUSEHOLD|RESIDENT|PARTY，kind=MONTH|QUARTER|YEAR|CUSTOM，"
            + "period=2026-11|2026-Q4|2026，CUSTOM 用 from/to，category=类别编码")
    Ranking rankings(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                     @RequestParam(required = false) String subject, @RequestParam(required = false) String kind,
                     @RequestParam(required = false) String period,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     @RequestParam(required = false) String category) {
        return pages.rank(actor, scope, subject, kind, period, from, to, category);
    }

    @GetMapping("/rankings.xlsx")
    @Operation(summary = "排行导出为 .xlsx（参数同上）")
    ResponseEntity<byte[]> xlsx(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                                @RequestParam(required = false) String subject, @RequestParam(required = false) String kind,
                                @RequestParam(required = false) String period,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String category) {
        return pages.xlsx(actor, scope, subject, kind, period, from, to, category);
    }
}
