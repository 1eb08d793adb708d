package cn.jifen.market.internal;

import cn.jifen.market.SupermarketAdmin;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Opening and running supermarkets over the API (see {@link SupermarketAdmin} for who may). */
@RestController
@RequestMapping("/api/v1/supermarkets")
@Tag(name = "market", description = "积分超市：物品、台账、资金、兑换时段、柜台兑换")
public class SupermarketAdminApi {
    public record OpenBody(String villageCode, String name, String address, List<String> servesVillageCodes) { }

    public record UpdateBody(String name, String address, List<String> servesVillageCodes) { }

    public record ReasonBody(String reason) { }

    private final SupermarketAdmin admin;

    public SupermarketAdminApi(SupermarketAdmin admin) {
        this.admin = admin;
    }

    @PostMapping
    @Operation(summary = "开设积分超市（县、镇管理员在辖区内，村管理员在本村）；servesVillageCodes：同时服务的本镇其他村")
    public ResponseEntity<SupermarketAdmin.Info> open(@Parameter(hidden = true) Actor actor,
                                               @RequestBody(required = false) OpenBody b) {
        OpenBody body = b == null ? new OpenBody(null, null, null, null) : b;
        return ResponseEntity.status(HttpStatus.CREATED).body(admin.open(actor, body.villageCode(), body.name(),
                body.address(), body.servesVillageCodes()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "一个积分超市：所在村、名称、地址、是否使用中（停用原因）、服务的村")
    public SupermarketAdmin.Info one(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        return admin.get(actor, id);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "改名、改地址、设置服务的村（省略的字段不变；servesVillageCodes 给出完整名单）")
    public SupermarketAdmin.Info update(@Parameter(hidden = true) Actor actor, @PathVariable long id,
                                 @RequestBody(required = false) UpdateBody b) {
        UpdateBody body = b == null ? new UpdateBody(null, null, null) : b;
        return admin.update(actor, id, body.name(), body.address(), body.servesVillageCodes());
    }

    @PostMapping("/{id}/close")
    @Operation(summary = "停用积分超市（须写原因）：停用期间不能兑换、预订、进货、接收捐赠")
    public SupermarketAdmin.Info close(@Parameter(hidden = true) Actor actor, @PathVariable long id,
                                @RequestBody(required = false) ReasonBody b) {
        return admin.close(actor, id, b == null ? null : b.reason());
    }

    @PostMapping("/{id}/reopen")
    @Operation(summary = "重新启用积分超市（须写原因）")
    public SupermarketAdmin.Info reopen(@Parameter(hidden = true) Actor actor, @PathVariable long id,
                                 @RequestBody(required = false) ReasonBody b) {
        return admin.reopen(actor, id, b == null ? null : b.reason());
    }
}
