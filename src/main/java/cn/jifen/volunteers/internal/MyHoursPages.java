package cn.jifen.volunteers.internal;

import cn.jifen.shared.Actor;
import cn.jifen.volunteers.VolunteerHours;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/** A villager's own household's volunteer hours beside its activity points: /me/hours and its JSON twin. */
@Controller
@Tag(name = "volunteers")
class MyHoursPages {
    private final VolunteerHours hours;
    private final Clock clock;

    MyHoursPages(VolunteerHours hours, Clock clock) {
        this.hours = hours;
        this.clock = clock;
    }

    @GetMapping("/me/hours")
    String page(Actor actor, @RequestParam(required = false) Integer year, Model model) {
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        List<PersonHours> people = hours.household(actor, y);
        model.addAttribute("year", y);
        model.addAttribute("people", people);
        model.addAttribute("total", VolunteerHours.hours(people.stream().mapToLong(PersonHours::minutes).sum()));
        return "me-hours";
    }

    @GetMapping("/api/v1/me/volunteer-hours")
    @ResponseBody
    @Operation(summary = "村民本户：某年（默认今年）每位家庭成员的志愿服务时长（minutes、hours）、参加活动次数和活动记分；只有村民账号可用")
    List<PersonHours> api(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer year) {
        return hours.household(actor, year);
    }
}
