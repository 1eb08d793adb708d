package cn.jifen.claims.internal;

import cn.jifen.claims.ClaimStatus;
import cn.jifen.shared.Conflict;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claim's life in one place: for each state, the steps it allows and the state each step leads to. Every state
 * change of a claim asks this table first ({@link #next}); a step the table does not allow in the claim's state is
 * refused with the step's own message (a 409 the person can act on) before anything is written.
 *
 * <pre>
 * RECORDED                 APPROVE_FIRST → AWAITING_SECOND_APPROVAL (a veto's first approval)
 *                          APPROVE_INTO_PUBLICITY → IN_PUBLICITY, APPROVE_FOR_POSTING → POSTING, REJECT → REJECTED,
 *                          ADD_PHOTO → RECORDED
 * AWAITING_SECOND_APPROVAL APPROVE_INTO_PUBLICITY → IN_PUBLICITY, APPROVE_FOR_POSTING → POSTING, REJECT → REJECTED,
 *                          ADD_PHOTO → AWAITING_SECOND_APPROVAL
 * IN_PUBLICITY             OBJECT → OBJECTED, TAKE_FOR_POSTING → POSTING
 * OBJECTED                 OBJECT → OBJECTED, UPHOLD_OBJECTION → REJECTED, DISMISS_LAST_OBJECTION → IN_PUBLICITY,
 *                          DISMISS_OBJECTION_OTHERS_OPEN → OBJECTED
 * POSTING                  POST → POSTED
 * POSTED                   APPEAL → POSTED, UPHOLD_APPEAL → REVERSED, DISMISS_APPEAL → POSTED
 * REJECTED, REVERSED       (final: nothing)
 * </pre>
 * A claim starts RECORDED (recorded or declared); that is its birth, not a step.
 */
public final class ClaimLifecycle {

    /** What can happen to a claim. {@code action} is the name its history row (claim_event) keeps. */
    public enum Step {
        APPROVE_FIRST("APPROVE_FIRST", "error.claims.state"),
        APPROVE_INTO_PUBLICITY("APPROVE", "error.claims.state"),
        APPROVE_FOR_POSTING("APPROVE", "error.claims.state"),
        REJECT("REJECT", "error.claims.state"),
        ADD_PHOTO("ADD_PHOTO", "error.claims.state"),
        OBJECT("OBJECT", "error.claims.notInPublicity"),
        UPHOLD_OBJECTION("UPHOLD_OBJECTION", "error.claims.state"),
        DISMISS_LAST_OBJECTION("DISMISS_OBJECTION", "error.claims.state"),
        DISMISS_OBJECTION_OTHERS_OPEN("DISMISS_OBJECTION", "error.claims.state"),
        TAKE_FOR_POSTING("TAKE_FOR_POSTING", "error.claims.state"),
        POST("POST", "error.claims.state"),
        APPEAL("APPEAL", "error.claims.notAppealable"),
        UPHOLD_APPEAL("UPHOLD_APPEAL", "error.claims.state"),
        DISMISS_APPEAL("DISMISS_APPEAL", "error.claims.state");

        private final String action;
        private final String refusal;

        Step(String action, String refusal) {
            this.action = action;
            this.refusal = refusal;
        }

        public String action() { return action; }

        /** The message key a refusal of this step carries (the one the service always answered with). */
        public String refusal() { return refusal; }
    }

    private static final Map<ClaimStatus, Map<Step, ClaimStatus>> TABLE = table();

    private ClaimLifecycle() { }

    private static Map<ClaimStatus, Map<Step, ClaimStatus>> table() {
        Map<ClaimStatus, Map<Step, ClaimStatus>> t = new EnumMap<>(ClaimStatus.class);
        for (ClaimStatus s : ClaimStatus.values()) {
            t.put(s, new EnumMap<>(Step.class));
        }
        for (ClaimStatus review : new ClaimStatus[] {ClaimStatus.RECORDED, ClaimStatus.AWAITING_SECOND_APPROVAL}) {
            t.get(review).put(Step.APPROVE_INTO_PUBLICITY, ClaimStatus.IN_PUBLICITY);
            t.get(review).put(Step.APPROVE_FOR_POSTING, ClaimStatus.POSTING);
            t.get(review).put(Step.REJECT, ClaimStatus.REJECTED);
            t.get(review).put(Step.ADD_PHOTO, review);
        }
        t.get(ClaimStatus.RECORDED).put(Step.APPROVE_FIRST, ClaimStatus.AWAITING_SECOND_APPROVAL);
        t.get(ClaimStatus.IN_PUBLICITY).put(Step.OBJECT, ClaimStatus.OBJECTED);
        t.get(ClaimStatus.IN_PUBLICITY).put(Step.TAKE_FOR_POSTING, ClaimStatus.POSTING);
        t.get(ClaimStatus.OBJECTED).put(Step.OBJECT, ClaimStatus.OBJECTED);
        t.get(ClaimStatus.OBJECTED).put(Step.UPHOLD_OBJECTION, ClaimStatus.REJECTED);
        t.get(ClaimStatus.OBJECTED).put(Step.DISMISS_LAST_OBJECTION, ClaimStatus.IN_PUBLICITY);
        t.get(ClaimStatus.OBJECTED).put(Step.DISMISS_OBJECTION_OTHERS_OPEN, ClaimStatus.OBJECTED);
        t.get(ClaimStatus.POSTING).put(Step.POST, ClaimStatus.POSTED);
        t.get(ClaimStatus.POSTED).put(Step.APPEAL, ClaimStatus.POSTED);
        t.get(ClaimStatus.POSTED).put(Step.UPHOLD_APPEAL, ClaimStatus.REVERSED);
        t.get(ClaimStatus.POSTED).put(Step.DISMISS_APPEAL, ClaimStatus.POSTED);
        t.replaceAll((s, steps) -> Collections.unmodifiableMap(steps));
        return Collections.unmodifiableMap(t);
    }

    /** Where the step leads from the state, if the table allows it there. */
    public static Optional<ClaimStatus> target(ClaimStatus from, Step step) {
        return Optional.ofNullable(TABLE.get(from).get(step));
    }

    public static boolean allows(ClaimStatus from, Step step) {
        return TABLE.get(from).containsKey(step);
    }

    /** The state the step leads to from {@code from}; a step not allowed there is refused with its message. */
    public static ClaimStatus next(ClaimStatus from, Step step) {
        return target(from, step).orElseThrow(() -> new Conflict(step.refusal()));
    }

    /** The steps allowed in a state and where each leads (for the pages and the walk-every-transition test). */
    public static Map<Step, ClaimStatus> allowedFrom(ClaimStatus from) {
        return TABLE.get(from);
    }
}
