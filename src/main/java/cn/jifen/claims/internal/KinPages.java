package cn.jifen.claims.internal;

import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.Resident;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Kin relations (亲属关系, 回避): which staff accounts are registered as kin of which household of a village,
 * so they may not record or review for it. Admins of the village or above read the page; the village admin
 * adds one by picking the staff account from a list and the household from a search by name or passbook
 * number, and removes one. The service checks are those of {@code POST /api/v1/claims/kin}.
 */
@Controller
class KinPages {

    record Line(long userId, String staff, long householdId, String passbookNumber, String headName, String relation) { }

    private final Claims claims;
    private final Households households;
    private final Users users;
    private final ProblemMessages problems;

    KinPages(Claims claims, Households households, Users users, ProblemMessages problems) {
        this.claims = claims;
        this.households = households;
        this.users = users;
        this.problems = problems;
    }

    @GetMapping("/console/kin")
    String page(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) String q,
                @RequestParam(required = false) Long household, Model model) {
        requireAdmin(actor);
        Optional<OrgUnit> v = Texts.clean(village) != null ? Optional.of(claims.village(actor, village))
                : claims.defaultVillage(actor);
        fill(actor, v.orElse(null), q, household, model);
        model.addAttribute("form", Map.of());
        return "kin";
    }

    @PostMapping("/console/kin")
    String add(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Long userId,
               @RequestParam(required = false) Long householdId, @RequestParam(required = false) String relation,
               @RequestParam(required = false) String q, Model model, HttpServletResponse response,
               RedirectAttributes flash) {
        requireAdmin(actor);
        OrgUnit v = claims.village(actor, village);
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        try {
            if (householdId == null) {
                throw InvalidInput.of("householdId", "error.claims.kinHousehold");
            }
            if (userId == null) {
                throw InvalidInput.of("userId", "error.claims.kinStaff");
            }
            // the service refuses an unknown, villager, deactivated or other village's account, as on the API
            claims.registerKin(actor, userId, v.id(), householdId, relation);
        } catch (InvalidInput e) {
            return refused(actor, v, q, householdId, userId, relation, problems.of(e), HttpStatus.UNPROCESSABLE_ENTITY,
                    model, response);
        } catch (Conflict e) {
            return refused(actor, v, q, householdId, userId, relation, List.of(problems.msg(e.messageKey(), e.args())),
                    HttpStatus.CONFLICT, model, response);
        }
        flash.addFlashAttribute("notice", problems.msg("kin.added"));
        return "redirect:/console/kin?village=" + v.code();
    }

    @PostMapping("/console/kin/remove")
    String remove(Actor actor, @RequestParam(required = false) String village, @RequestParam long userId,
                  @RequestParam long householdId, RedirectAttributes flash) {
        requireAdmin(actor);
        OrgUnit v = claims.village(actor, village);
        claims.removeKin(actor, userId, v.id(), householdId);
        flash.addFlashAttribute("notice", problems.msg("kin.removed"));
        return "redirect:/console/kin?village=" + v.code();
    }

    /** Shows the page again with what was typed and why it was refused. */
    private String refused(Actor actor, OrgUnit v, String q, Long householdId, Long userId, String relation,
                           List<String> why, HttpStatus status, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        fill(actor, v, q, householdId, model);
        Map<String, Object> form = new HashMap<>();
        form.put("userId", userId);
        form.put("householdId", householdId);
        form.put("relation", relation);
        model.addAttribute("form", form);
        model.addAttribute("problems", why);
        return "kin";
    }

    private void fill(Actor actor, OrgUnit v, String q, Long household, Model model) {
        model.addAttribute("village", v);
        model.addAttribute("villages", v == null ? claims.villages(actor) : List.of());
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("q", Texts.clean(q));
        if (v == null) {
            model.addAttribute("lines", List.of());
            return;
        }
        Map<Long, UserAccount> staff = users.staffUnder(v.path()).stream()
                .collect(Collectors.toMap(UserAccount::id, Function.identity()));
        List<Line> lines = claims.kin(actor, v).stream().map(k -> {
            Household h = households.get(actor, k.villageId(), k.householdId());
            UserAccount u = staff.get(k.userId());
            return new Line(k.userId(), u == null ? "#" + k.userId() : label(u), k.householdId(), h.passbookNumber(),
                    h.head() == null ? "" : h.head().name(), k.relation());
        }).toList();
        model.addAttribute("lines", lines);
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            return;
        }
        model.addAttribute("staff", pickable(v));
        // the households to pick from: the search's matches, else the household the page was opened for
        List<HouseholdSummary> matches = List.of();
        String typed = Texts.clean(q);
        if (typed != null) {
            matches = households.list(actor, v.code(), null, typed, 0, 20).items();
        } else if (household != null) {
            Household h = households.get(actor, v.id(), household);
            matches = List.of(new HouseholdSummary(h.villageId(), h.id(), h.householdRef(), h.passbookNumber(),
                    h.head() == null ? "" : h.head().name(), h.gridName(), h.address(), h.members().size(), h.status(),
                    h.members().stream().map(Resident::id).toList()));
        }
        model.addAttribute("matches", matches);
    }

    /** Active village admins and grid workers of the village, the accounts a kin relation can name. */
    private List<UserAccount> pickable(OrgUnit village) {
        return users.staffUnder(village.path()).stream().filter(u -> KinRegister.kinCandidate(u, village)).toList();
    }

    static String label(UserAccount u) {
        return u.displayName() + "（" + u.username() + "）";
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
    }
}
