package cn.jifen.directory.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
    /** The parent is looked up (and its absence named as "parent") by the service. */
    record NewUnit(String parentCode, @Code String code, @PlainText(max = 100, required = true) String name,
                   String villageKind) { }

    record Rename(@PlainText(max = 100, required = true) String name) { }

    record Move(String villageCode) { }

    record Reason(@PlainText(max = 500, required = true) String reason) { }

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
    OrgUnit create(@Parameter(hidden = true) Actor actor, @Valid @RequestBody NewUnit body) {
        return orgUnits.create(actor, body.parentCode(), body.code(), body.name(), body.villageKind());
    }

    @PatchMapping("/{code}")
    OrgUnit rename(@Parameter(hidden = true) Actor actor, @PathVariable String code, @Valid @RequestBody Rename body) {
        return orgUnits.rename(actor, code, body.name());
    }

    @PostMapping("/{code}/move")
    OrgUnit move(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody Move body) {
        return orgUnits.moveGrid(actor, code, body.villageCode());
    }

    @PostMapping("/{code}/deactivate")
    OrgUnit deactivate(@Parameter(hidden = true) Actor actor, @PathVariable String code, @Valid @RequestBody Reason body) {
        return orgUnits.setActive(actor, code, false, body.reason());
    }

    @PostMapping("/{code}/activate")
    OrgUnit activate(@Parameter(hidden = true) Actor actor, @PathVariable String code, @Valid @RequestBody Reason body) {
        return orgUnits.setActive(actor, code, true, body.reason());
    }
}
