package cn.jifen.noticeboard.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.noticeboard.Board;
import cn.jifen.noticeboard.BoardSettings;
import cn.jifen.noticeboard.BoardView;
import cn.jifen.noticeboard.Privacy;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "board", description = "村积分公示栏（公开）与公示栏设置")
public class BoardApi {
    public record VillageRef(String code, String name) { }

    public record TownRef(String code, String name, List<VillageRef> villages) { }

    public record SettingBody(String privacy) { }

    public record Setting(String village, String privacy, List<String> allowed, boolean negativeByName) { }

    private final Board board;
    private final BoardSettings settings;
    private final OrgUnits orgUnits;

    public BoardApi(Board board, BoardSettings settings, OrgUnits orgUnits) {
        this.board = board;
        this.settings = settings;
        this.orgUnits = orgUnits;
    }

    @GetMapping("/public/boards")
    @Operation(summary = "全县各镇、村的公示栏（无需登录）")
    public List<TownRef> boards() {
        return board.directory().entrySet().stream().map((Map.Entry<OrgUnit, List<OrgUnit>> e) -> new TownRef(
                e.getKey().code(), e.getKey().name(),
                e.getValue().stream().map(v -> new VillageRef(v.code(), v.name())).toList())).toList();
    }

    @GetMapping("/public/boards/{code}")
    @Operation(summary = "一个村的公示栏内容（无需登录；人名按本村公示设置显示，不含身份证号和手机号）")
    public BoardView board(@PathVariable String code) {
        return board.view(code);
    }

    @PutMapping("/boards/{code}/settings")
    @Operation(summary = "设置本村公示栏显示村民的方式：FULL 全名、SURNAME 姓+某、PASSBOOK 仅存折编号（县政策允许范围内）")
    public Setting set(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody SettingBody body) {
        Privacy p = settings.setPrivacy(actor, code, body == null ? null : body.privacy());
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        return new Setting(code, p.name(), settings.allowed(v.id()).stream().map(Enum::name).toList(),
                settings.negativeByName(v.id()));
    }
}
