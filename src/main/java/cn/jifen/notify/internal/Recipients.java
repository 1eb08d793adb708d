package cn.jifen.notify.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Who a notice goes to, found through the directory's and identity's public API (never their tables). */
@Component
class Recipients {
    private final Users users;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Supermarkets supermarkets;

    Recipients(Users users, Households households, OrgUnits orgUnits, Supermarkets supermarkets) {
        this.supermarkets = supermarkets;
        this.users = users;
        this.households = households;
        this.orgUnits = orgUnits;
    }

    /** The villager accounts of these households of a village (active ones), by household id; one query. */
    Map<Long, UserAccount> households(long villageId, Collection<Long> householdIds) {
        Map<Long, UserAccount> out = new HashMap<>(users.villagersOf(villageId, householdIds));
        out.values().removeIf(u -> !u.active());
        return out;
    }

    /** Every active villager account of a village. */
    List<UserAccount> villagers(long villageId) {
        return users.villagersOf(villageId).stream().filter(UserAccount::active).toList();
    }

    /** The supermarkets of a village by id, with their names. */
    Map<Long, String> supermarketNames(long villageId) {
        Map<Long, String> out = new HashMap<>();
        supermarkets.ofVillage(villageId).forEach(s -> out.put(s.id(), s.name()));
        return out;
    }

    /** The phone of the household's head (or the first member with one). */
    Optional<String> householdPhone(long villageId, long householdId) {
        try {
            OrgUnit village = orgUnits.byId(villageId);
            Household h = households.get(Actor.system(village.path()), villageId, householdId);
            Resident head = h.head();
            if (head != null && head.phone() != null && !head.phone().isBlank()) {
                return Optional.of(head.phone());
            }
            return h.members().stream().map(Resident::phone).filter(p -> p != null && !p.isBlank()).findFirst();
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** The village's reviewers: its village admins (they decide objections and appeals). */
    List<UserAccount> reviewers(OrgUnit village) {
        return users.staffUnder(village.path()).stream()
                .filter(u -> u.active() && u.role() == Role.VILLAGE_ADMIN).toList();
    }

    /**
     * Who may give a veto its second approval: the village's admins other than the first approver; when there is
     * none (a single-admin village), the admins of the village's town, who arrange one.
     */
    List<UserAccount> secondApprovers(OrgUnit village, long firstApproverId) {
        List<UserAccount> others = reviewers(village).stream().filter(u -> u.id() != firstApproverId).toList();
        if (!others.isEmpty()) {
            return others;
        }
        String[] parts = village.path().split("/");
        String town = "/" + parts[1] + "/" + parts[2] + "/";
        return users.staffUnder(town).stream()
                .filter(u -> u.active() && u.role() == Role.TOWN_ADMIN).toList();
    }

    /** The village's admins and its town's admins (an overdue complaint: the village must answer, the town may). */
    List<UserAccount> villageAndTownAdmins(OrgUnit village) {
        String[] parts = village.path().split("/");
        String town = "/" + parts[1] + "/" + parts[2] + "/";
        return users.staffUnder(town).stream().filter(u -> u.active() && (u.role() == Role.TOWN_ADMIN
                || u.role() == Role.VILLAGE_ADMIN && u.orgUnitId() == village.id())).toList();
    }

    /** The county's admins. */
    List<UserAccount> countyAdmins(long countyId) {
        OrgUnit county = orgUnits.byId(countyId);
        return users.staffUnder(county.path()).stream()
                .filter(u -> u.active() && u.role() == Role.COUNTY_ADMIN).toList();
    }

    /** The active keepers of a supermarket of the village. */
    List<UserAccount> keepers(OrgUnit village, long supermarketId) {
        try {
            return supermarkets.keepers(Actor.system(village.path()), village.id(), supermarketId).stream()
                    .map(k -> account(k.userId())).flatMap(Optional::stream).filter(UserAccount::active).toList();
        } catch (NotFound e) {
            return List.of();
        }
    }

    Optional<UserAccount> account(long userId) {
        return users.account(userId);   // the identity module's unchecked look-up: no made-up actor, no exception as "absent"
    }

    OrgUnit unit(long id) {
        return orgUnits.byId(id);
    }

    /** The county of a unit: the first id of its path ('/county/town/village/'). */
    static long countyOf(String path) {
        String[] parts = path.split("/");
        return Long.parseLong(parts[1]);
    }
}
