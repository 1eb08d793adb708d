package cn.jifen.directory;

/** A member of a household. The ID-card number is only ever exposed masked. */
public record Resident(long id, long householdId, String name, String relation, boolean head, String gender,
                       int birthYear, String phone, String idCardMasked, boolean partyMember, String partyBranch,
                       boolean disabled, String status) {

    public Resident withoutPhone() {
        return new Resident(id, householdId, name, relation, head, gender, birthYear, null, idCardMasked, partyMember,
                partyBranch, disabled, status);
    }

    /** Elderly (老年人): 60 or older in the given year. Derived, so it never goes stale. */
    public boolean elderlyIn(int year) {
        return year - birthYear >= 60;
    }
}
