package cn.jifen.claims.internal;

import cn.jifen.claims.Activities;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.web.ProblemMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-up and check-in for many residents at once (a grid worker with a list after the event). Each
 * line is done on its own and reported on its own, like batch review: one refused line does not stop
 * the others. Who may call at all is checked first for the whole request.
 */
@RestController
@RequestMapping("/api/v1/activities")
@Tag(name = "activities", description = "志愿服务活动：发布、报名、签到、统一记分、参与人次")
class ActivityBatchApi {
    static final int MAX_LINES = 500;

    record Person(Long residentId, String passbookNumber) { }

    record SignupBatch(List<Person> people) { }

    record CheckinBatch(List<Long> residentIds) { }

    record Line(Long residentId, boolean ok, String message) { }

    private final Activities activities;
    private final ProblemMessages messages;

    ActivityBatchApi(Activities activities, ProblemMessages messages) {
        this.activities = activities;
        this.messages = messages;
    }

    @PostMapping("/{villageId}/{id}/signups/batch")
    @Operation(summary = "批量报名（村管理员、网格员）：people 为 [{passbookNumber, residentId}]，最多 500 人，逐人报告结果")
    List<Line> signups(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                       @RequestBody(required = false) SignupBatch b) {
        List<Person> people = lines(actor, villageId, id, b == null ? null : b.people(), "people");
        List<Line> out = new ArrayList<>();
        for (Person p : people) {
            Long rid = p == null ? null : p.residentId();
            out.add(line(rid, x -> activities.signup(actor, villageId, id, rid, p == null ? null : p.passbookNumber())));
        }
        return out;
    }

    @PostMapping("/{villageId}/{id}/checkins/batch")
    @Operation(summary = "批量签到（村管理员、网格员）：residentIds 为已报名的村民，最多 500 人，逐人报告结果")
    List<Line> checkins(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                        @RequestBody(required = false) CheckinBatch b) {
        List<Long> ids = lines(actor, villageId, id, b == null ? null : b.residentIds(), "residentIds");
        List<Line> out = new ArrayList<>();
        for (Long rid : ids) {
            out.add(line(rid, x -> {
                if (rid == null) {
                    throw InvalidInput.of("residentId", "error.resident.notFound");
                }
                activities.checkIn(actor, villageId, id, rid);
            }));
        }
        return out;
    }

    private <T> List<T> lines(Actor actor, long villageId, long id, List<T> lines, String field) {
        activities.get(actor, villageId, id);
        if (!(actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        if (lines == null || lines.isEmpty()) {
            throw InvalidInput.of(field, "error.required");
        }
        if (lines.size() > MAX_LINES) {
            throw InvalidInput.of(field, "error.activities.batchTooLarge", MAX_LINES);
        }
        return lines;
    }

    private Line line(Long residentId, Consumer<Void> work) {
        try {
            work.accept(null);
            return new Line(residentId, true, null);
        } catch (InvalidInput e) {
            return new Line(residentId, false, messages.of(e.problems().get(0)));
        } catch (Conflict e) {
            return new Line(residentId, false, messages.msg(e.messageKey(), e.args()));
        } catch (NotFound e) {
            return new Line(residentId, false, messages.msg(e.messageKey()));
        }
    }
}
