/**
 * Rankings, honours and reference certificates (排名、荣誉、积分证明): rankings of households, residents and party
 * members by score; the honours of a period (流动红旗, 正能量红人, 星级党员, 最美家庭 candidates) proposed from the
 * rankings and decided by the village; reference certificates with a public verification code; households'
 * consents to partner banks and the partner-bank auditors. Owns the tables honour, honour_award,
 * reference_certificate, household_consent and auditor_partner. Invariants: rankings use the score, never the
 * available balance; a veto (not reversed) makes its household or resident ineligible for that year's honours;
 * a partner bank's auditor sees only the households that consented to that bank. It reads scores, vetoes,
 * households and categories only through the reporting views of ledger, directory, claims and rules
 * (docs/architecture/reporting-views.md), and accounts through {@link cn.jifen.identity.Users}.
 * Published API: {@link cn.jifen.honours.Honours}, {@link cn.jifen.honours.Rankings},
 * {@link cn.jifen.honours.ReferenceCertificates}, {@link cn.jifen.honours.Consents},
 * {@link cn.jifen.honours.HonourRecords}, {@link cn.jifen.honours.Periods} and their records, enums and the
 * {@link cn.jifen.honours.CertificateIssued} event.
 */
@ApplicationModule(displayName = "Rankings and honours",
        allowedDependencies = {"shared", "audit", "directory", "documents", "identity", "ledger", "party", "rules"})
package cn.jifen.honours;

import org.springframework.modulith.ApplicationModule;
