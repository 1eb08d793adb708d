package cn.jifen.claims.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.ActivityDraft;
import cn.jifen.claims.Signup;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
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
@RequestMapping("/api/v1/activities")
@Tag(name = "activities", description = "志愿服务活动：发布、报名、签到、统一记分、参与人次")
class ActivityApi {
    record SignupBody(Long residentId, String passbookNumber) { }

    record CheckinBody(String token, Long residentId) { }

    record CheckoutBody(Long residentId, LocalDateTime at) { }

    record Detail(Activity activity, List<Signup> signups) { }

    private final Activities activities;

    ActivityApi(Activities activities) {
        this.activities = activities;
    }

    @GetMapping
    @Operation(summary = "本村志愿服务活动，按开始时间从近到远；分页（page、size），附总数 total")
    Page<Activity> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                        @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return activities.list(actor, village, Paging.of(page, size));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Activity publish(@Parameter(hidden = true) Actor actor, @RequestBody ActivityDraft b) {
        return activities.publish(actor, b);
    }

    @GetMapping("/{villageId}/{id}")
    Detail get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return new Detail(activities.get(actor, villageId, id), activities.signups(actor, villageId, id));
    }

    @PostMapping("/{villageId}/{id}/signups")
    @ResponseStatus(HttpStatus.CREATED)
    Signup signup(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestBody(required = false) SignupBody b) {
        return activities.signup(actor, villageId, id, b == null ? null : b.residentId(),
                b == null ? null : b.passbookNumber());
    }

    @PostMapping("/{villageId}/{id}/checkins")
    @Operation(summary = "签到：村民带扫码得到的 token；工作人员带 residentId 勾选")
    Map<String, Object> checkin(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                                @RequestBody CheckinBody b) {
        if (b.residentId() != null) {
            activities.checkIn(actor, villageId, id, b.residentId());
            return Map.of("checkedIn", 1);
        }
        return Map.of("checkedIn", activities.checkInByCode(actor, villageId, id, b.token()));
    }

    @PostMapping("/{villageId}/{id}/checkouts")
    @Operation(summary = "签退：工作人员带 residentId，可带纸质名册上的签退时间 at（不带为现在）；志愿服务时长由此计算")
    Signup checkout(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                    @RequestBody CheckoutBody b) {
        if (b.residentId() == null) {
            throw InvalidInput.of("residentId", "error.required");
        }
        return activities.checkOut(actor, villageId, id, b.residentId(), b.at());
    }

    @PostMapping("/{villageId}/{id}/award")
    @Operation(summary = "活动结束后为每位签到者生成一条积分记录（逐人报告）")
    List<Activities.AwardResult> award(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                       @PathVariable long id) {
        return activities.award(actor, villageId, id);
    }

    @GetMapping("/participation")
    @Operation(summary = "参与人次：期间内开始的活动的签到人次")
    Map<String, Object> participation(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                                      @RequestParam LocalDate from, @RequestParam LocalDate to) {
        return Map.of("from", from, "to", to, "personTimes", activities.participation(actor, village, from, to));
    }
}
