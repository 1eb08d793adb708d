package cn.jifen.volunteers.internal;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.volunteers.Team;
import cn.jifen.volunteers.TeamDraft;
import cn.jifen.volunteers.TeamEdit;
import cn.jifen.volunteers.TeamFigures;
import cn.jifen.volunteers.TeamHonourDraft;
import cn.jifen.volunteers.TeamLeave;
import cn.jifen.volunteers.VolunteerHours;
import cn.jifen.volunteers.VolunteerTeams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/volunteer-teams")
@Tag(name = "volunteer-teams", description = "志愿服务队：队伍、队员加入与退出、队伍活动、志愿服务时长、队伍排行与团队荣誉")
class VolunteerTeamApi {
    record JoinBody(String passbookNumber, Long residentId, LocalDate joinedOn) { }

    record LinkBody(Long activityVillageId, Long activityId) { }

    record Detail(Team team, List<Member> members, TeamFigures year, List<TeamActivity> activities,
                  List<TeamHonour> honours) { }

    private final VolunteerTeams teams;
    private final VolunteerHours hours;

    VolunteerTeamApi(VolunteerTeams teams, VolunteerHours hours) {
        this.teams = teams;
        this.hours = hours;
    }

    @GetMapping
    @Operation(summary = "本单位（scope，默认自己的单位）及上下级单位的志愿服务队；分页（page、size），附总数 total")
    Page<Team> list(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                    @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        return teams.list(actor, scope, Paging.of(page, size));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "建队：unit 为村或镇的编码；队长按存折编号（和 residentId，不填为户主），建队当天入队")
    Team create(@Parameter(hidden = true) Actor actor, @RequestBody TeamDraft b) {
        return teams.create(actor, b);
    }

    @GetMapping("/{villageId}/{id}")
    @Operation(summary = "一支队伍：队员（含已退出的历史）、今年（或 year）的时长与活动、团队荣誉")
    Detail get(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
               @RequestParam(required = false) Integer year) {
        return new Detail(teams.get(actor, villageId, id), teams.members(actor, villageId, id),
                hours.figures(actor, villageId, id, year), hours.teamActivities(actor, villageId, id, year),
                hours.honoursOf(actor, villageId, id));
    }

    @PutMapping("/{villageId}/{id}")
    @Operation(summary = "改队名、服务类型或队长（须是现任队员）；不填的项不变")
    Team edit(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
              @RequestBody TeamEdit b) {
        return teams.edit(actor, villageId, id, b);
    }

    @PostMapping("/{villageId}/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "入队：存折编号（和 residentId，不填为户主），入队日期 joinedOn（不填为今天）；已是队员为 409")
    Member join(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestBody JoinBody b) {
        return teams.join(actor, villageId, id, b.passbookNumber(), b.residentId(), b.joinedOn());
    }

    @PostMapping("/{villageId}/{id}/members/{residentId}/leave")
    @Operation(summary = "退队：退出日期 leftOn（不填为今天，不得早于入队日期）与原因；不是队员为 409")
    Member leave(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @PathVariable long residentId, @RequestBody(required = false) TeamLeave b) {
        return teams.leave(actor, villageId, id, residentId, b == null ? new TeamLeave(null, null) : b);
    }

    @PostMapping("/{villageId}/{id}/activities")
    @Operation(summary = "把一个志愿服务活动归入本队（活动须在本队的村或本镇的村，且未归入其他队）")
    Team link(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
              @RequestBody LinkBody b) {
        return teams.linkActivity(actor, villageId, id, b.activityVillageId(), b.activityId());
    }

    @PostMapping("/{villageId}/{id}/honours")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "授予年度团队荣誉（默认称号“优秀志愿服务队”），每队每年一次")
    TeamHonour honour(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                      @RequestBody TeamHonourDraft b) {
        return hours.honour(actor, villageId, id, b);
    }

    @GetMapping("/rankings")
    @Operation(summary = "队伍排行：村、镇或全县（scope）某年（year）的志愿服务时长，时长相同比人次")
    List<TeamFigures> ranking(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                              @RequestParam(required = false) Integer year) {
        return hours.ranking(actor, scope, year);
    }

    @GetMapping("/honours")
    @Operation(summary = "某年（year）范围内（scope）的团队荣誉")
    List<TeamHonour> honours(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String scope,
                             @RequestParam(required = false) Integer year) {
        return hours.honours(actor, scope, year);
    }

    @GetMapping("/hours")
    @Operation(summary = "一个村（village）某年（year）每人的志愿服务时长、参加次数和活动记分；分页（page、size），附总数 total")
    Page<PersonHours> people(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) String village,
                             @RequestParam(required = false) Integer year, @RequestParam(required = false) Integer page,
                             @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        List<PersonHours> all = hours.people(actor, village, year);
        return paging.slice(all);
    }
}
