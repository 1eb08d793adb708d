/**
 * Claims (积分申报/记录): recording and self-declaration with the rule item's caps and duplicate flag, review
 * (maker-checker; a veto needs two different approvers), the publicity period (公示期) with objections (异议), posting
 * to the ledger, appeals (申诉) against posted deductions and vetoes, evidence photos, kin relations (conflict of
 * interest), volunteer activities, responsibility posts (责任岗), saved drafts and the points policy's runs.
 *
 * <p>Owns the tables claim, claim_event, claim_objection, claim_appeal, claim_photo, claim_village_setting,
 * staff_household, claim_draft, activity, activity_signup, resp_post, resp_adoption and points_run. It names no other
 * module's table: it reads the directory, the rules and the ledger through their Java APIs or their read-only views
 * (org_unit_v, household_v, resident_v, passbook_v, rule_item_v, rule_item_version_v, rule_category_v,
 * ledger_posting_v), and serialises work on a household with {@code Households.lockForUpdate}.
 *
 * <p>Invariants: a claim moves only along the transition table of {@code internal.ClaimLifecycle} (anything else is a
 * 409 and changes nothing); every state change writes a claim_event row and an audit entry in the same transaction;
 * whoever recorded a claim cannot decide it, nor can staff registered as kin of the household; caps and units are
 * checked under the household's lock; a claim is posted once (a conditional status update, and the ledger's
 * idempotency key "claim-village-id").
 *
 * <p>Published API: the facade {@link cn.jifen.claims.Claims} and the services {@link cn.jifen.claims.Activities},
 * {@link cn.jifen.claims.ResponsibilityPosts}, {@link cn.jifen.claims.SavedDrafts}, {@link cn.jifen.claims.PointsPolicy},
 * {@link cn.jifen.claims.CategoryScores}; the records they return (Claim, ClaimDetail, ClaimEvent, Objection, Appeal,
 * Photo, PhotoBytes, …); the events ClaimInPublicity, VetoAwaitingSecond, ObjectionRaised, ObjectionDecided,
 * AppealRaised, AppealDecided; and the interface {@link cn.jifen.claims.ReviewsInMeetings} another module implements.
 */
@ApplicationModule(displayName = "Claims", allowedDependencies = {"shared", "web", "audit", "directory", "identity",
        "rules", "ledger", "documents"})
package cn.jifen.claims;

import org.springframework.modulith.ApplicationModule;
