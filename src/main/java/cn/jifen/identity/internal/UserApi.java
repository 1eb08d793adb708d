package cn.jifen.identity.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.identity.StaffDraft;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "users", description = "账号、本人信息与操作日志")
class UserApi {
    record NewVillager(String password) { }

    record Active(@NotNull(message = "{error.required}") Boolean active, String reason) { }

    record Me(long userId, String username, String displayName, String role, long orgUnitId, Long householdId) { }

    private final Users users;
    private final AuditLog audit;

    UserApi(Users users, AuditLog audit) {
        this.users = users;
        this.audit = audit;
    }

    @GetMapping("/me")
    Me me(@Parameter(hidden = true) Actor actor) {
        return new Me(actor.userId(), actor.username(), actor.displayName(), actor.role().name(), actor.orgUnitId(),
                actor.householdId());
    }

    @GetMapping("/users")
    @Operation(summary = "作用域内的账号（villagers=true 含村民账号）；分页（page、size），附总数 total")
    Page<UserAccount> list(@Parameter(hidden = true) Actor actor,
                           @RequestParam(defaultValue = "false") boolean villagers,
                           @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return users.list(actor, villagers, Paging.of(page, size));
    }

    @GetMapping("/users/{id}")
    UserAccount get(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        return users.get(actor, id);
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount create(@Parameter(hidden = true) Actor actor, @RequestBody StaffDraft body) {
        return users.createStaff(actor, body);
    }

    @PostMapping("/households/{villageId}/{id}/villager-account")
    @ResponseStatus(HttpStatus.CREATED)
    UserAccount openVillager(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                             @RequestBody NewVillager body) {
        return users.createVillager(actor, villageId, id, body.password());
    }

    @PostMapping("/users/{id}/active")
    UserAccount setActive(@Parameter(hidden = true) Actor actor, @PathVariable long id, @Valid @RequestBody Active body) {
        return users.setActive(actor, id, body.active(), body.reason());
    }

    @GetMapping("/audit")
    @Operation(summary = "作用域内的操作日志，新的在前；分页（page、size），附总数 total")
    Page<AuditLog.Entry> audit(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                               @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        return audit.read(actor, paging.page(), paging.size());
    }
}
