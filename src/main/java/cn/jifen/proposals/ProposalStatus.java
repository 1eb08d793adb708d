package cn.jifen.proposals;

/** DRAFT → OPEN (published: options fixed) → CLOSED (results final), or WITHDRAWN (with a reason) from DRAFT or OPEN. */
public enum ProposalStatus {
    DRAFT, OPEN, CLOSED, WITHDRAWN;

    public String messageKey() {
        return "proposals.status." + name();
    }
}
