package cn.jifen.directory.internal;

import cn.jifen.directory.DirectoryReason;
import cn.jifen.directory.NewOrgUnit;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnitName;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/org-units")
@Tag(name = "org-units", description = "组织架构：县、镇、村/社区、网格")
class OrgUnitApi {
    /** The bodies' constraints are checked by the service after its access check (no {@code @Valid} here). */
    record Move(String villageCode) { }

    private final OrgUnits orgUnits;

    OrgUnitApi(OrgUnits orgUnits) {
        this.orgUnits = orgUnits;
    }

    @GetMapping
    List<OrgUnit> tree(@Parameter(hidden = true) Actor actor) {
        Api.requireStaff(actor);
        return orgUnits.tree(actor);
    }

    @GetMapping("/{code}")
    OrgUnit get(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        Api.requireStaff(actor);
        return orgUnits.visible(actor, code);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OrgUnit create(@Parameter(hidden = true) Actor actor, @RequestBody NewOrgUnit body) {
        return orgUnits.create(actor, body);
    }

    @PatchMapping("/{code}")
    OrgUnit rename(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody OrgUnitName body) {
        return orgUnits.rename(actor, code, body);
    }

    @PostMapping("/{code}/move")
    OrgUnit move(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody Move body) {
        return orgUnits.moveGrid(actor, code, body.villageCode());
    }

    @PostMapping("/{code}/deactivate")
    OrgUnit deactivate(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody DirectoryReason body) {
        return orgUnits.setActive(actor, code, false, body);
    }

    @PostMapping("/{code}/activate")
    OrgUnit activate(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody DirectoryReason body) {
        return orgUnits.setActive(actor, code, true, body);
    }
}
