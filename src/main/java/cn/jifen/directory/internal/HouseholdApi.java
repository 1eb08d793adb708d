package cn.jifen.directory.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "households", description = "农户、家庭成员与积分存折")
class HouseholdApi {
    record HouseholdUpdate(String gridCode, String address, Boolean lowIncome, String status, String reason) { }

    private final Households households;
    private final PassbookCovers covers;

    HouseholdApi(Households households, PassbookCovers covers) {
        this.households = households;
        this.covers = covers;
    }

    @GetMapping("/villages/{code}/households")
    Page<HouseholdSummary> list(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                @RequestParam(required = false) String q, @RequestParam(required = false) String grid,
                                @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        return households.list(actor, code, grid, q, page, size);
    }

    @PostMapping("/villages/{code}/households")
    @ResponseStatus(HttpStatus.CREATED)
    Household create(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody HouseholdDraft draft) {
        return households.create(actor, code, draft);
    }

    @GetMapping("/households/{villageId}/{id}")
    Household get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return households.get(actor, villageId, id);
    }

    @PatchMapping("/households/{villageId}/{id}")
    Household update(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                     @RequestBody HouseholdUpdate body) {
        Household current = households.get(actor, villageId, id);
        return households.update(actor, villageId, id, body.gridCode() == null ? gridCodeOf(actor, current) : body.gridCode(),
                body.address() == null ? current.address() : body.address(),
                body.lowIncome() == null ? current.lowIncome() : body.lowIncome(),
                body.status() == null ? current.status() : body.status(), body.reason());
    }

    private String gridCodeOf(Actor actor, Household h) {
        return households.gridCode(h);
    }

    @PostMapping("/households/{villageId}/{id}/residents")
    @ResponseStatus(HttpStatus.CREATED)
    Household addResident(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                          @RequestBody ResidentDraft draft) {
        return households.addResident(actor, villageId, id, draft);
    }

    @GetMapping("/passbooks/{number}")
    Household byPassbook(@Parameter(hidden = true) Actor actor, @PathVariable String number) {
        return households.byPassbook(actor, number);
    }

    @GetMapping(value = "/passbooks/{number}/cover.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> cover(@Parameter(hidden = true) Actor actor, @PathVariable String number) {
        Household h = households.byPassbook(actor, number);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).body(covers.pdf(actor, h.villageId(), h.id()));
    }


    @GetMapping("/me/household")
    Household mine(@Parameter(hidden = true) Actor actor) {
        return households.get(actor, actor.orgUnitId(), actor.householdId() == null ? -1 : actor.householdId());
    }
}
