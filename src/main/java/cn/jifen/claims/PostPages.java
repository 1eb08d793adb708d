package cn.jifen.claims;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Responsibility posts for staff (/console/posts) and villagers (/me/posts). */
@Controller
class PostPages {
    private final ResponsibilityPosts posts;
    private final Claims claims;

    PostPages(ResponsibilityPosts posts, Claims claims) {
        this.posts = posts;
        this.claims = claims;
    }

    @GetMapping({"/console/posts", "/me/posts"})
    String list(Actor actor, @RequestParam(required = false) String village, Model model) {
        Optional<OrgUnit> v = actor.is(Role.VILLAGER) || Texts.clean(village) != null
                ? Optional.of(claims.village(actor, village)) : claims.defaultVillage(actor);
        model.addAttribute("villages", v.isEmpty() ? claims.villages(actor) : List.of());
        model.addAttribute("village", v.orElse(null));
        model.addAttribute("posts", v.map(u -> posts.list(actor, u.code())).orElse(List.of()));
        Set<Long> open = v.isPresent() && actor.isStaff()
                ? posts.uninspected(actor, v.get().code(), null).stream().map(ResponsibilityPost::id)
                        .collect(Collectors.toSet()) : Set.of();
        model.addAttribute("uninspected", open);
        model.addAttribute("admin", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("inspector", actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER));
        model.addAttribute("villager", actor.is(Role.VILLAGER));
        model.addAttribute("base", actor.isStaff() ? "/console/posts" : "/me/posts");
        return "claim-posts";
    }

    @PostMapping("/console/posts")
    String create(Actor actor, @RequestParam String village, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String itemCode, @RequestParam(required = false) String description) {
        posts.create(actor, village, name, itemCode, description);
        return "redirect:/console/posts?village=" + village;
    }

    @PostMapping({"/console/posts/{villageId}/{id}/adopt", "/me/posts/{villageId}/{id}/adopt"})
    String adopt(Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestParam(required = false) String passbook) {
        posts.adopt(actor, villageId, id, null, passbook);
        return actor.isStaff() ? "redirect:/console/posts?village=" + posts.villageCode(villageId) : "redirect:/me/posts";
    }

    @PostMapping("/console/posts/{villageId}/{id}/inspections")
    String inspect(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) Integer points,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate occurredOn,
                   @RequestParam(required = false) String note) {
        Claim c = posts.inspect(actor, villageId, id, points, occurredOn, note);
        return "redirect:/console/claims/" + c.villageId() + "/" + c.id();
    }

}
