package cn.jifen.directory;

/** What a clerk types for one resident. Text fields are raw; the service validates them. */
public record ResidentDraft(String name, String relation, String gender, String birthYear, String phone,
                            String idCard, boolean partyMember, String partyBranch, boolean disabled) { }
