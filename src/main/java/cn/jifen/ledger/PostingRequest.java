package cn.jifen.ledger;

import cn.jifen.shared.Between;
import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import java.util.UUID;

/**
 * One posting asked of the ledger. {@code points} is positive (for VETO it is ignored; for
 * CANCEL/CORRECT it is taken from the reversed posting). The idempotency key makes retries safe.
 * <p>Its field rules are constraints; the rules that depend on the kind are in groups ({@link #checks()} names those
 * of this request's kind): an amount from 1 to {@link #MAX_POINTS} ({@link Amount}), the posting reversed
 * ({@link Reversal}), a reason ({@link WithReason}). The ledger checks them once per request before it takes any lock.
 */
public record PostingRequest(long villageId, long householdId,
                             @NotNull(message = "{error.required}") PostingKind kind,
                             @Between(min = 1, max = PostingRequest.MAX_POINTS, message = "{error.ledger.points}",
                                     groups = Amount.class) long points,
                             Long residentId, String sourceType, String sourceRef,
                             @PlainText(max = 200) String itemLabel,
                             @PlainText(max = 500)
                             @NotBlank(message = "{error.reasonRequired}", groups = WithReason.class) String reason,
                             @NotNull(message = "{error.required}", groups = Reversal.class) UUID reversesPostingId,
                             @NotBlank(message = "{error.ledger.key}")
                             @Size(max = PostingRequest.MAX_KEY, message = "{error.ledger.key}") String idempotencyKey) {

    /** The most points one posting moves. */
    public static final int MAX_POINTS = 1_000_000;

    /** The longest idempotency key (characters). */
    public static final int MAX_KEY = 120;

    /** The rules of a kind that moves the points asked (EARN, DEDUCT, EXPIRE, REDEEM). */
    public interface Amount extends Default { }

    /** The rules of a reversal (CANCEL, CORRECT): the posting it reverses. */
    public interface Reversal extends Default { }

    /** The rules of a kind that must say why (a reversal, a VETO). */
    public interface WithReason extends Default { }

    private static final Class<?>[] PLAIN = {Default.class};
    private static final Class<?>[] AMOUNT = {Amount.class};
    private static final Class<?>[] REVERSAL = {Reversal.class, WithReason.class};
    private static final Class<?>[] VETO = {WithReason.class};

    /** The validation groups of this request's kind (the default rules always). */
    public Class<?>[] checks() {
        if (kind == null) {
            return PLAIN;
        }
        return switch (kind) {
            case EARN, DEDUCT, EXPIRE, REDEEM -> AMOUNT;
            case CANCEL, CORRECT -> REVERSAL;
            case VETO -> VETO;
        };
    }

    public static PostingRequest earn(long villageId, long householdId, long points, String itemLabel, String key) {
        return new PostingRequest(villageId, householdId, PostingKind.EARN, points, null, null, null, itemLabel, null,
                null, key);
    }

    public static PostingRequest of(long villageId, long householdId, PostingKind kind, long points, String itemLabel,
                                    String key) {
        return new PostingRequest(villageId, householdId, kind, points, null, null, null, itemLabel, null, null, key);
    }

    public static PostingRequest reversal(long villageId, long householdId, PostingKind kind, UUID original,
                                          String reason, String key) {
        return new PostingRequest(villageId, householdId, kind, 0, null, null, null, null, reason, original, key);
    }

    public PostingRequest withResident(Long resident) {
        return new PostingRequest(villageId, householdId, kind, points, resident, sourceType, sourceRef, itemLabel,
                reason, reversesPostingId, idempotencyKey);
    }

    public PostingRequest withReason(String why) {
        return new PostingRequest(villageId, householdId, kind, points, residentId, sourceType, sourceRef, itemLabel,
                why, reversesPostingId, idempotencyKey);
    }

    public PostingRequest withSource(String type, String ref) {
        return new PostingRequest(villageId, householdId, kind, points, residentId, type, ref, itemLabel, reason,
                reversesPostingId, idempotencyKey);
    }
}
