package cn.jifen.stats.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.party.Party;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;

@RestController
public class PartyStatsApi {
    private final Stats stats;
    private final PartySource party;

    public PartyStatsApi(Stats stats, PartySource party) {
        this.stats = stats;
        this.party = party;
    }

    @GetMapping("/api/v1/stats/party")
    @Operation(summary = "党员按分类（今天适用的分类）和按星级（某年已计算的评星）的人数；unit=县/镇/村编码，year 默认今年")
    public Map<String, Object> figures(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String unit,
                                @RequestParam(required = false) Integer year) {
        OrgUnit u = stats.unit(actor, unit);
        int y = year == null ? stats.today().getYear() : year;
        Party.Figures f = party.figures(u, y);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("unit", u.code());
        out.put("year", y);
        out.put("byClass", f.byClass());
        out.put("byStars", f.byStars());
        return out;
    }
}
