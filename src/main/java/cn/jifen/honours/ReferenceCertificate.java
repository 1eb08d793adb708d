package cn.jifen.honours;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A reference certificate (积分证明) as issued, and its revocation if any. */
public record ReferenceCertificate(long villageId, long id, String serial, String code, long householdId, Long residentId,
                                   String holderName, String villageName, String passbookNumber,
                                   CertificatePurpose purpose, String purposeNote, LocalDate periodFrom,
                                   LocalDate periodTo, CertificateFacts facts, String issuedBy, OffsetDateTime issuedAt,
                                   String revokedBy, OffsetDateTime revokedAt, String revokeReason) {

    public boolean revoked() {
        return revokedAt != null;
    }

    /** The name as the public verification page shows it: first and last character, the rest starred. */
    public String maskedName() {
        String n = holderName == null ? "" : holderName.strip();
        int len = n.codePointCount(0, n.length());
        if (len <= 1) {
            return n;
        }
        int[] cps = n.codePoints().toArray();
        StringBuilder b = new StringBuilder().appendCodePoint(cps[0]);
        if (len == 2) {
            return b.append('*').toString();
        }
        return b.append("*".repeat(len - 2)).appendCodePoint(cps[len - 1]).toString();
    }
}
