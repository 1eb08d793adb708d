package cn.jifen.honours;

/** What a reference certificate (积分证明) is for. A credit-loan certificate needs the household's consent. */
public enum CertificatePurpose {
    PARTY_APPLICATION("入党申请"), RESERVE_CADRE("村“两委”后备干部考察"), CREDIT_LOAN("信用贷款"), OTHER("其他");

    private final String label;

    CertificatePurpose(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
