package cn.jifen.claims.internal;

import cn.jifen.claims.Claims;
import cn.jifen.claims.PointsPolicy;
import cn.jifen.claims.PointsRun;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/points-runs")
@Tag(name = "points-runs", description = "县积分政策：年初基础分、到期清零（可重复执行，不会重复记账）")
class PointsRunApi {
    record BaseBody(Integer year, Integer points) { }

    record ExpireBody(LocalDate date) { }

    record PostDueBody(String orgUnit) { }

    record PostDueResult(String orgUnit, int posted) { }

    private final PointsPolicy policy;
    private final Claims claims;

    PointsRunApi(PointsPolicy policy, Claims claims) {
        this.policy = policy;
        this.claims = claims;
    }

    @PostMapping("/base")
    @Operation(summary = "为作用域内每个在册农户发放当年基础分（县管理员）")
    List<PointsRun> base(@Parameter(hidden = true) Actor actor, @RequestBody BaseBody b) {
        if (b.year() == null) {
            throw InvalidInput.of("year", "error.required");
        }
        return policy.grantBase(actor, b.year(), b.points() == null ? 0 : b.points());
    }

    @PostMapping("/expire")
    @Operation(summary = "按县政策将作用域内各户可用积分清零（县管理员）")
    List<PointsRun> expire(@Parameter(hidden = true) Actor actor, @RequestBody ExpireBody b) {
        if (b.date() == null) {
            throw InvalidInput.of("date", "error.required");
        }
        return policy.expire(actor, b.date());
    }

    @PostMapping("/post-due")
    @Operation(summary = "立即入账作用域（县/镇/村）内公示期已满、无异议的全部申报，返回入账条数（管理员）")
    PostDueResult postDue(@Parameter(hidden = true) Actor actor, @RequestBody PostDueBody b) {
        String code = b == null ? null : b.orgUnit();
        return new PostDueResult(code, claims.postDueNow(actor, code));
    }

    @GetMapping
    @Operation(summary = "本村按月、按季度自动加分的运行记录，新的在前；分页（page、size），附总数 total")
    Page<PointsRun> runs(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                         @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return policy.runs(actor, claims.village(actor, village), Paging.of(page, size));
    }
}
