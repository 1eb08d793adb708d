package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.PostDraft;
import cn.jifen.claims.ResponsibilityPost;
import cn.jifen.claims.ResponsibilityPosts;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.YearMonth;
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
@RequestMapping("/api/v1/posts")
@Tag(name = "posts", description = "责任岗：认领与每月检查评分")
class PostApi {
    record AdoptBody(Long householdId, String passbookNumber) { }

    record InspectBody(Integer points, LocalDate occurredOn, String note) { }

    private final ResponsibilityPosts posts;

    PostApi(ResponsibilityPosts posts) {
        this.posts = posts;
    }

    @GetMapping
    @Operation(summary = "本村责任岗；分页（page、size），附总数 total")
    Page<ResponsibilityPost> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer size) {
        return posts.list(actor, village, Paging.of(page, size));
    }

    @GetMapping("/uninspected")
    @Operation(summary = "本月（或指定月份 yyyy-MM）未检查的已认领责任岗；分页（page、size），附总数 total")
    Page<ResponsibilityPost> uninspected(@Parameter(hidden = true) Actor actor,
                                         @RequestParam(required = false) String village,
                                         @RequestParam(required = false) YearMonth month,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer size) {
        return posts.uninspected(actor, village, month, Paging.of(page, size));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ResponsibilityPost create(@Parameter(hidden = true) Actor actor, @RequestBody PostDraft b) {
        return posts.create(actor, b);
    }

    @PostMapping("/{villageId}/{id}/adopt")
    ResponsibilityPost adopt(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                             @RequestBody(required = false) AdoptBody b) {
        return posts.adopt(actor, villageId, id, b == null ? null : b.householdId(), b == null ? null : b.passbookNumber());
    }

    @PostMapping("/{villageId}/{id}/inspections")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "每月检查评分：为认领户生成一条积分记录（走审核、公示流程）")
    Claim inspect(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestBody(required = false) InspectBody b) {
        return posts.inspect(actor, villageId, id, b == null ? null : b.points(), b == null ? null : b.occurredOn(),
                b == null ? null : b.note());
    }
}
