package cn.jifen.notify.internal;

import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Household members who receive the household's notices: the head for their own household, a clerk for the village's. */
@RestController
@Tag(name = "notifications", description = "站内信、通知设置、Webhook / inbox, preferences, webhooks")
class HouseholdReceiversApi {
    private static final HouseholdReceivers.SignUp NONE = new HouseholdReceivers.SignUp(null, null, null);

    private final HouseholdReceivers receivers;

    HouseholdReceiversApi(HouseholdReceivers receivers) {
        this.receivers = receivers;
    }

    @GetMapping("/api/v1/me/notifications/members")
    @Operation(summary = "自家其他成员接收通知的情况（户主） / the household's members and whether they receive its notices")
    List<HouseholdReceivers.Receiver> mine(@Parameter(hidden = true) Actor actor) {
        return receivers.mine(actor);
    }

    @PutMapping("/api/v1/me/notifications/members/{residentId}")
    @Operation(summary = "登记自家成员接收通知（须本人同意） / sign a member up, with their consent")
    HouseholdReceivers.Receiver signUpMine(@Parameter(hidden = true) Actor actor, @PathVariable long residentId,
                                           @RequestBody(required = false) HouseholdReceivers.SignUp body) {
        return receivers.signUpMine(actor, residentId, body == null ? NONE : body);
    }

    @DeleteMapping("/api/v1/me/notifications/members/{residentId}")
    @Operation(summary = "停止自家成员接收通知 / stop a member's notices")
    ResponseEntity<Void> stopMine(@Parameter(hidden = true) Actor actor, @PathVariable long residentId) {
        receivers.stopMine(actor, residentId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/households/{villageId}/{householdId}/notification-members")
    @Operation(summary = "一户的其他成员接收通知的情况（本村管理员） / a household's members who receive its notices")
    List<HouseholdReceivers.Receiver> list(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                           @PathVariable long householdId) {
        return receivers.list(actor, villageId, householdId);
    }

    @PutMapping("/api/v1/households/{villageId}/{householdId}/notification-members/{residentId}")
    @Operation(summary = "登记成员接收本户通知（须本人同意） / sign a member up, with their consent")
    HouseholdReceivers.Receiver signUp(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                       @PathVariable long householdId, @PathVariable long residentId,
                                       @RequestBody(required = false) HouseholdReceivers.SignUp body) {
        return receivers.signUp(actor, villageId, householdId, residentId, body == null ? NONE : body);
    }

    @DeleteMapping("/api/v1/households/{villageId}/{householdId}/notification-members/{residentId}")
    @Operation(summary = "停止成员接收本户通知 / stop a member's notices")
    ResponseEntity<Void> stop(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                              @PathVariable long householdId, @PathVariable long residentId) {
        receivers.stop(actor, villageId, householdId, residentId);
        return ResponseEntity.noContent().build();
    }
}
