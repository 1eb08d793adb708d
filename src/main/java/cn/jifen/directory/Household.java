package cn.jifen.directory;

import java.util.List;

/** A household (户) with its passbook and members. Identified by (villageId, id). */
public record Household(long villageId, long id, String householdRef, long gridId, String gridName, String address,
                        boolean lowIncome, String status, String passbookNumber, List<Resident> members) {

    public Resident head() {
        return members.stream().filter(Resident::head).findFirst().orElse(members.isEmpty() ? null : members.get(0));
    }

    /** The same household with no member's phone number: what the supermarket counter may see. */
    public Household withoutPhones() {
        return new Household(villageId, id, householdRef, gridId, gridName, address, lowIncome, status, passbookNumber,
                members.stream().map(Resident::withoutPhone).toList());
    }

    public String headName() {
        Resident h = head();
        return h == null ? "" : h.name();
    }
}
