package cn.jifen.honours.internal;

import cn.jifen.honours.RankLine;
import cn.jifen.honours.Ranking;
import cn.jifen.honours.Subject;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Period;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "rankings", description = "积分排行：农户、村民、党员（党员争优，按支部）")
public class RankingApi {
    private final RankingPages pages;

    public RankingApi(RankingPages pages) {
        this.pages = pages;
    }

    /**
     * A ranking with one page of its lines: {@code lines} holds the page, {@code total} how many lines the whole
     * ranking has. Without page or size, every line (as before paging: page 0, size = total).
     */
    public record PagedRanking(String scopeCode, String scopeName, String scopeLevel, Subject subject,
                        Period period, String categoryCode, String categoryName, List<RankLine> lines,
                        int page, int size, long total) { }

    @GetMapping("/rankings")
    @Operation(summary = "排行：scope=网格/村/镇/县编码，subject=HOUSEHOLD|RESIDENT|PARTY，kind=MONTH|QUARTER|YEAR|CUSTOM，"
            + "period=2026-11|2026-Q4|2026，CUSTOM 用 from/to，category=类别编码；带 page、size（最多 500）时 lines 只有这一页，"
            + "total 为全部行数；不带时给出全部行")
    public PagedRanking rankings(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                          @RequestParam(required = false) String subject, @RequestParam(required = false) String kind,
                          @RequestParam(required = false) String period,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                          @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                          @RequestParam(required = false) String category, @RequestParam(required = false) Integer page,
                          @RequestParam(required = false) Integer size) {
        // checked before the ranking is computed: a bad page or size is refused without the work
        Paging paging = page == null && size == null ? null : Paging.of(page, size);
        Ranking r = pages.rank(actor, scope, subject, kind, period, from, to, category);
        List<RankLine> all = r.lines();
        // ranks are computed over the whole scope, so the page is cut from the whole ranking
        List<RankLine> lines = paging == null ? all : paging.slice(all).items();
        return new PagedRanking(r.scopeCode(), r.scopeName(), r.scopeLevel(), r.subject(), r.period(), r.categoryCode(),
                r.categoryName(), lines, paging == null ? 0 : paging.page(), paging == null ? all.size() : paging.size(),
                all.size());
    }

    @GetMapping("/rankings.xlsx")
    @Operation(summary = "排行导出为 .xlsx（参数同上）")
    public ResponseEntity<byte[]> xlsx(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                                @RequestParam(required = false) String subject, @RequestParam(required = false) String kind,
                                @RequestParam(required = false) String period,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String category) {
        return pages.xlsx(actor, scope, subject, kind, period, from, to, category);
    }
}
