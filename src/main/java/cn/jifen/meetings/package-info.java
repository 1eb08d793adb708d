/**
 * Villagers' council meetings (村民议事会): agenda items, attendance, the review panel's votes and the minutes.
 * <p>Owns {@code meeting}, {@code meeting_item}, {@code meeting_attendance}, {@code meeting_panel_member}, {@code meeting_vote} and {@code meeting_review_mode}. Invariants: one vote per panel member and item; a closed meeting's votes do not change. (ledger is needed by the meetings' tests only.)
 * <p>Published API: {@link cn.jifen.meetings.Meetings} and its records.
 */
@ApplicationModule(displayName = "Meetings", allowedDependencies = {"audit", "claims", "directory", "documents", "identity", "rules", "ledger"})
package cn.jifen.meetings;

import org.springframework.modulith.ApplicationModule;
