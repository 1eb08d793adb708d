package cn.jifen.wishes.internal;

import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.wishes.Wish;
import cn.jifen.wishes.WishDraft;
import cn.jifen.wishes.WishStatus;
import cn.jifen.wishes.Wishes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/wishes")
@Tag(name = "wishes", description = "群众需求清单（根据群众需求购置）：提议、支持、按支持数排行、转为采购（已实现）、不采购（附理由）、县里不得提议的物品")
class WishApi {
    record SupportBody(String passbookNumber) { }

    record FulfilBody(Long movementId) { }

    record DeclineBody(String reason) { }

    private final Wishes wishes;
    private final ForbiddenGoods forbidden;

    WishApi(Wishes wishes, ForbiddenGoods forbidden) {
        this.wishes = wishes;
        this.forbidden = forbidden;
    }

    @GetMapping("/supermarkets")
    @Operation(summary = "可以看其需求清单的超市：村民为服务本村的超市，超市管理员为自己的超市，其他工作人员为范围内的超市")
    List<Supermarket> supermarkets(@Parameter(hidden = true) Actor actor) {
        return wishes.boards(actor);
    }

    @GetMapping
    @Operation(summary = "一个超市（supermarketVillageId、supermarketId；村民和超市管理员可不填，为第一个）的需求清单："
            + "未处理的按支持数排前，已实现与不采购的在后；status 可选 OPEN、FULFILLED、DECLINED；分页（page、size），附总数 total")
    Page<Wish> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Long supermarketVillageId,
                    @RequestParam(required = false) Long supermarketId, @RequestParam(required = false) String status,
                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        WishStatus st = status(status);
        if (supermarketVillageId == null || supermarketId == null) {
            List<Supermarket> boards = wishes.boards(actor);
            if (boards.isEmpty()) {
                return paging.of(List.of(), 0);
            }
            return wishes.list(actor, boards.get(0).villageId(), boards.get(0).id(), st, paging);
        }
        return wishes.list(actor, supermarketVillageId, supermarketId, st, paging);
    }

    static WishStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return WishStatus.valueOf(status.strip());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("status", "error.wishes.status");
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "提议一件物品：村民为自己户；超市管理员或村管理员在柜台代存折户（passbookNumber）提议。"
            + "县里不得提议的物品为 422；本超市已有同名（忽略全半角、空格和标点）的未处理心愿为 409，请去支持它")
    Wish propose(@Parameter(hidden = true) Actor actor, @RequestBody WishDraft b) {
        return wishes.propose(actor, b);
    }

    @GetMapping("/mine")
    @Operation(summary = "村民：本户提议或支持过的心愿，新的在前")
    List<Wish> mine(@Parameter(hidden = true) Actor actor) {
        return wishes.mine(actor);
    }

    @GetMapping("/{villageId}/{id}")
    @Operation(summary = "一个心愿；村民看不到是谁提议的")
    Wish get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return wishes.get(actor, villageId, id);
    }

    @PostMapping("/{villageId}/{id}/supports")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "支持一个未处理的心愿：每户一次（第二次为 409）；村民为自己户，超市管理员或村管理员代存折户")
    Wish support(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestBody(required = false) SupportBody b) {
        return wishes.support(actor, villageId, id, b == null ? null : b.passbookNumber());
    }

    @PostMapping("/{villageId}/{id}/fulfil")
    @Operation(summary = "转为采购：movementId 为本超市台账里的一笔采购（用哪笔资金买的）；已处理的为 409")
    Wish fulfil(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestBody FulfilBody b) {
        return wishes.fulfil(actor, villageId, id, b.movementId());
    }

    @PostMapping("/{villageId}/{id}/decline")
    @Operation(summary = "不采购：须写理由，村民和公开页面都能看到；已处理的为 409")
    Wish decline(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestBody DeclineBody b) {
        return wishes.decline(actor, villageId, id, b.reason());
    }

    @GetMapping("/forbidden")
    @Operation(summary = "本县不得提议的物品（未改过时为默认：烟草制品、酒类）；名称里含其中一项即不能提议")
    List<ForbiddenTerm> forbidden(@Parameter(hidden = true) Actor actor) {
        return forbidden.list(actor);
    }

    @PostMapping("/forbidden")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "县管理员：加一项不得提议的物品（term）及其类别（rule）")
    ForbiddenTerm addForbidden(@Parameter(hidden = true) Actor actor, @RequestBody TermDraft b) {
        return forbidden.add(actor, b);
    }

    @DeleteMapping("/forbidden/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "县管理员：去掉一项（默认项的 id 为负数）")
    void removeForbidden(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        forbidden.remove(actor, id);
    }
}
