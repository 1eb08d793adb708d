package cn.jifen.ledger.internal;

import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.SystemAccount;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The plain model of the ledger that {@link LedgerModelTest} checks the real one against: per
 * household a balance, a score, resident scores, the vetoes in force and the postings in order;
 * per village the three system accounts. Written from DESIGN.md's rules, not from the ledger's code.
 * Every posting is in the current year (the village is made fresh by the test).
 */
final class LedgerModelState {

    static final class Book {
        final long id;
        final List<Long> residents;
        long balance;
        long score;
        long entries;
        final Map<Long, Long> residentScores = new HashMap<>();
        final List<UUID> history = new ArrayList<>();
        final Set<UUID> vetoes = new HashSet<>();

        Book(long id, List<Long> residents) {
            this.id = id;
            this.residents = residents;
        }

        Book copy() {
            Book b = new Book(id, residents);
            b.balance = balance;
            b.score = score;
            b.entries = entries;
            b.residentScores.putAll(residentScores);
            b.history.addAll(history);
            b.vetoes.addAll(vetoes);
            return b;
        }
    }

    /** A posting as the model predicts it; postingId is known once the ledger has made it (null before). */
    record ModelPosting(UUID postingId, long householdId, PostingKind kind, long amount, long scoreDelta, Long residentId,
                        SystemAccount counter, UUID reverses, long seq, long balanceAfter) {
        ModelPosting withId(UUID id) {
            return new ModelPosting(id, householdId, kind, amount, scoreDelta, residentId, counter, reverses, seq,
                    balanceAfter);
        }
    }

    record KeyUse(PostingRequest request, ModelPosting posting) { }

    /** What the model expects of one request: a new posting, a replay of the first, or a refusal. */
    record Expect(ModelPosting posting, boolean replay, Class<? extends RuntimeException> errorType, String errorKey) {
        static Expect fresh(ModelPosting p) {
            return new Expect(p, false, null, null);
        }

        static Expect replayOf(ModelPosting p) {
            return new Expect(p, true, null, null);
        }

        static Expect refusal(Class<? extends RuntimeException> type, String key) {
            return new Expect(null, false, type, key);
        }

        boolean refused() {
            return errorType != null;
        }
    }

    final Map<Long, Book> books = new LinkedHashMap<>();
    final Map<UUID, ModelPosting> postings = new LinkedHashMap<>();
    final Set<UUID> reversed = new HashSet<>();
    final Map<String, KeyUse> keys = new HashMap<>();
    /** Balances of the system accounts, by {@link SystemAccount#ordinal()}. */
    final long[] system = new long[SystemAccount.values().length];

    LedgerModelState copy() {
        LedgerModelState s = new LedgerModelState();
        books.forEach((k, v) -> s.books.put(k, v.copy()));
        s.postings.putAll(postings);
        s.reversed.addAll(reversed);
        s.keys.putAll(keys);
        System.arraycopy(system, 0, s.system, 0, system.length);
        return s;
    }

    /**
     * What the request does, given this state; a new posting's effect on its household's balance,
     * scores and the system accounts is applied here (the caller records it with its id once made).
     */
    Expect plan(PostingRequest r) {
        KeyUse used = keys.get(r.idempotencyKey());
        if (used != null) {
            return used.request().equals(r) ? Expect.replayOf(used.posting())
                    : Expect.refusal(Conflict.class, "error.ledger.keyReused");
        }
        Book b = books.get(r.householdId());
        long p = r.points();
        long amount;
        long score;
        SystemAccount counter;
        Long resident = r.residentId();
        UUID reverses = null;
        switch (r.kind()) {
            case EARN -> {
                amount = p;
                score = p;
                counter = SystemAccount.ISSUED;
            }
            case DEDUCT -> { // the balance stops at zero, the score takes it all
                amount = -Math.min(b.balance, p);
                score = -p;
                counter = SystemAccount.FORFEITED;
            }
            case EXPIRE -> {
                amount = -Math.min(b.balance, p);
                score = 0;
                counter = SystemAccount.FORFEITED;
                resident = null;
            }
            case REDEEM -> {
                if (b.balance < p) {
                    return Expect.refusal(Conflict.class, "error.ledger.insufficient");
                }
                amount = -p;
                score = 0;
                counter = SystemAccount.REDEEMED;
            }
            case VETO -> { // balance to zero, the year's score (of the household or the resident) to zero
                long yearScore = resident == null ? b.score : b.residentScores.getOrDefault(resident, 0L);
                amount = -b.balance;
                score = -Math.max(0, yearScore);
                counter = SystemAccount.FORFEITED;
            }
            case CANCEL, CORRECT -> {
                ModelPosting o = postings.get(r.reversesPostingId());
                if (o == null || o.householdId() != r.householdId()) {
                    return Expect.refusal(InvalidInput.class, "error.ledger.noSuchPosting");
                }
                if (o.kind() == PostingKind.CANCEL || o.kind() == PostingKind.CORRECT) {
                    return Expect.refusal(InvalidInput.class, "error.ledger.reverseReversal");
                }
                if (r.kind() == PostingKind.CANCEL && o.kind() != PostingKind.REDEEM) {
                    return Expect.refusal(InvalidInput.class, "error.ledger.cancelOnlyRedemptions");
                }
                if (reversed.contains(o.postingId())) {
                    return Expect.refusal(Conflict.class, "error.ledger.alreadyReversed");
                }
                // the mirror; an award already spent comes back only down to zero, its score fully
                amount = o.amount() > 0 ? -Math.min(b.balance, o.amount()) : -o.amount();
                score = -o.scoreDelta();
                counter = o.counter();
                resident = o.residentId();
                reverses = o.postingId();
            }
            default -> throw new IllegalStateException(r.kind().name());
        }
        b.balance += amount;
        b.score += score;
        if (resident != null) {
            b.residentScores.merge(resident, score, Long::sum);
        }
        b.entries++;
        system[counter.ordinal()] -= amount;
        if (reverses != null) {
            reversed.add(reverses);
            b.vetoes.remove(reverses);
        }
        ModelPosting planned = new ModelPosting(null, r.householdId(), r.kind(), amount, score, resident, counter, reverses,
                b.entries, b.balance);
        keys.put(r.idempotencyKey(), new KeyUse(r, planned)); // a twin later in the same batch replays it
        return Expect.fresh(planned);
    }

    /** Keeps a posting the ledger has made as planned (its effects were applied by {@link #plan}). */
    void record(PostingRequest r, ModelPosting p) {
        postings.put(p.postingId(), p);
        keys.put(r.idempotencyKey(), new KeyUse(r, p));
        Book b = books.get(p.householdId());
        b.history.add(p.postingId());
        if (p.kind() == PostingKind.VETO) {
            b.vetoes.add(p.postingId());
        }
    }
}
