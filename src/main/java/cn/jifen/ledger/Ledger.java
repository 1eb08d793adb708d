package cn.jifen.ledger;

import cn.jifen.ledger.internal.Accounts;
import cn.jifen.ledger.internal.EntryHasher;
import cn.jifen.ledger.internal.LedgerSeals;
import cn.jifen.ledger.internal.LedgerSql;
import cn.jifen.ledger.internal.Leg;
import cn.jifen.ledger.internal.PeriodTotals;
import cn.jifen.ledger.internal.VillageChain;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.SecretKeys;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The points ledger: the only way points move. Each posting locks the household's passbook
 * account row, checks balance and idempotency inside that same transaction, appends its legs
 * (passbook leg chained by hash, system leg) and updates the cached balance. Nothing is ever
 * updated or deleted in ledger_entry.
 * <p>Why one class of about 740 lines: The ledger's invariants (lock order, balance checked under the account
 * lock, idempotency, the hash chain, month totals in the same transaction) must hold for the single and the batch
 * posting alike; kept in one class so both paths are read against each other. Reading (balances, scores,
 * statements) is the rest.
 */
@Service
public class Ledger {
    private static final Logger log = LoggerFactory.getLogger(Ledger.class);
    public static final String CHAIN_KEY_PURPOSE = "jifen:ledger-chain";
    /**
     * The databases' order of UUIDs (unsigned, byte by byte): rows are always locked in this order. Written out, not
     * composed with Comparator.comparing, which boxes both halves of both ids at every comparison (a batch award sorts
     * and looks up 10,000 ids in it).
     */
    public static final Comparator<UUID> DB_ORDER = (a, b) -> {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    };

    private final LedgerSql sql;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final byte[] chainKey;
    private final VillageChain villageChain;
    private final ApplicationEventPublisher events;
    private final TotalsReading totalsReading;
    private final RequestValidation validation;

    Ledger(LedgerSql sql, TransactionTemplate tx, Clock clock, SecretKeys keys, VillageChain villageChain,
           ApplicationEventPublisher events, TotalsReading totalsReading, RequestValidation validation) {
        this.sql = sql;
        this.validation = validation;
        this.totalsReading = totalsReading;
        this.events = events;
        this.villageChain = villageChain;
        this.tx = tx;
        this.clock = clock;
        this.chainKey = keys.derive(CHAIN_KEY_PURPOSE);
    }

    /** Posts one request; a repeat of its idempotency key returns the first result. */
    public Posting post(Actor actor, PostingRequest request) {
        return post(actor, request, passbook -> { });
    }

    /**
     * Posts one request after {@code check} has seen the passbook under its row lock (balance, latest veto in force);
     * the check refuses by throwing, and nothing is written. A repeat of the key returns the first result without
     * the check. One posting sends three statements on PostgreSQL (the account locked with its key and veto read, the
     * village head locked, and one statement writing the two legs, the moved head, the account and the month totals)
     * and its event publication; six on H2, which writes those four one by one.
     * <p>
     * Called inside a caller's transaction, a failure is not retried here (the transaction may be unusable): the
     * caller retries it whole.
     */
    public Posting post(Actor actor, PostingRequest request, Consumer<PassbookUnderLock> check) {
        validate(request, request.villageId());
        String hash = requestHash(request);
        boolean joined = TransactionSynchronizationManager
                .isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(s -> postOne(actor, request, hash, check));
            } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
                // a twin with the same key committed while this one waited for the account (the next attempt
                // replays it), or the database broke a deadlock with this transaction
                if (joined) {
                    throw e;
                }
                if (attempt >= 3) {
                    throw new Conflict("error.ledger.inFlight");
                }
            }
        }
    }

    private Posting postOne(Actor actor, PostingRequest r, String hash,
                            Consumer<PassbookUnderLock> check) {
        long villageId = r.villageId();
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
        LocalDate today = now.atZoneSameInstant(clock.getZone()).toLocalDate();
        UUID accountId = Accounts.passbook(villageId, r.householdId());
        createMissingAccounts(villageId, List.of(r), now);
        villageChain.ensure(villageId, now);
        LedgerSql.LockedPassbook locked = sql.lockPassbook(villageId, accountId, r.householdId(), r.idempotencyKey())
                .orElseThrow(() -> new IllegalStateException("passbook account missing after creation"));
        if (locked.keyPostingId() != null) {
            return replay(sql.posting(villageId, locked.keyPostingId()).get(0), hash);
        }
        LedgerSql.AccountState state = locked.state();
        Effect effect;
        try {
            check.accept(new PassbookUnderLock(villageId, r.householdId(), state.balance(),
                    Optional.ofNullable(locked.lastVetoOn())));
            effect = effect(villageId, r, state.balance(), today, new Batch());
        } catch (Conflict | InvalidInput refused) {
            // the lock statement's snapshot predates the wait for the lock: a twin with this key that committed
            // meanwhile (and spent the balance) is seen only by a new statement, and its result is the answer
            Leg first = sql.byKeys(villageId, List.of(r.idempotencyKey())).get(r.idempotencyKey());
            if (first != null) {
                return replay(first, hash);
            }
            throw refused;
        }
        NewPosting made = newPosting(actor, villageId, r, hash, effect, accountId, state, today, now);
        if (r.kind() == PostingKind.VETO) {
            sql.insertVeto(villageId, r.householdId(), today.getYear(), made.posting().postingId(), r.residentId());
        }
        // the village head is taken last, so it is held only for the writes and the commit; the legs, the head, the
        // account and the month totals are then written together (one statement on PostgreSQL)
        VillageChain.Move head = villageChain.next(villageId, List.of(made.passbook()));
        PeriodTotals totals = new PeriodTotals();
        totals.add(made.passbook());
        sql.writePosting(villageId, List.of(made.passbook(), made.system()), head,
                sealedStates(villageId, Map.of(accountId, r.householdId()), List.of(made.after())).get(0), totals, now);
        Posting p = made.posting();
        // in this transaction: the notification outbox's rows commit or roll back with the posting (cn.jifen.notify)
        events.publishEvent(new PostingsCreated(List.of(new PostingCreated(p, effect.itemLabel(), r.sourceType(),
                r.sourceRef()))));
        return p;
    }

    /**
     * Posts many requests of one village in one transaction (a batch award): all or none.
     * Requests whose key was used before return their first result.
     */
    public List<Posting> postAll(Actor actor, List<PostingRequest> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        long villageId = requests.get(0).villageId();
        List<String> hashes = new ArrayList<>(requests.size());
        Set<PostingRequest> validRests = new HashSet<>();
        for (PostingRequest r : requests) {
            validate(r, villageId, validRests);
            hashes.add(requestHash(r));
        }
        boolean joined = TransactionSynchronizationManager
                .isActualTransactionActive();
        for (int attempt = 1; ; attempt++) {
            // only a first attempt of its own transaction creates accounts in their final state: after a racer made
            // one of them first, the retry creates the missing ones empty and locks them (it cannot lose again)
            boolean createFinal = !joined && attempt == 1;
            try {
                return tx.execute(s -> postInTransaction(actor, villageId, requests, hashes, createFinal));
            } catch (DuplicateKeyException | PessimisticLockingFailureException e) {
                // a concurrent request with the same key won the race (the next attempt sees its committed
                // result), or the database chose this transaction as a deadlock victim (it is retried whole)
                if (attempt >= 3) {
                    throw new Conflict("error.ledger.inFlight");
                }
            }
        }
    }

    /**
     * One batch, in two passes. Households without a passbook account yet (a village's first award: all of them)
     * come first: their postings are computed from the empty account, and the accounts are then created already in
     * their final state, before any row is locked, so they are neither locked nor updated afterwards (the row this
     * transaction inserted is invisible to others, and a racer creating the same account waits for it, then finds it
     * and locks it; if a racer created one first, this transaction starts again, creating them empty). Then the
     * existing accounts are locked in id order, their keys checked under the lock, their postings computed and their
     * rows updated. The village chain numbers every new entry in request order.
     */
    private List<Posting> postInTransaction(Actor actor, long villageId, List<PostingRequest> requests,
                                            List<String> hashes, boolean createFinal) {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
        LocalDate today = now.atZoneSameInstant(clock.getZone()).toLocalDate();
        long t0 = System.nanoTime();
        BatchRun run = new BatchRun(actor, villageId, requests, hashes, now, today);
        Map<UUID, Long> households = new HashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            households.putIfAbsent(run.account(i), requests.get(i).householdId());
        }
        Set<UUID> fresh;
        // a village without any passbook yet (its first award) has no entry under any key either: its new accounts'
        // keys need no look-up (a racer's entry under one of them still meets the unique key when this one inserts)
        boolean anyPassbook = true;
        if (createFinal) {
            createMissingAccounts(villageId, List.of(), now);           // the village's system accounts
            Missing missing = missingPassbooks(villageId, households.keySet());
            fresh = missing.accounts();
            anyPassbook = missing.villageHasPassbook();
        } else {
            // joined to a caller's transaction (which could not be started again if a racer created one of the new
            // accounts meanwhile), or a retry after that happened: the missing accounts are created empty first and
            // locked like the others (a racer waits, then finds them)
            createMissingAccounts(villageId, requests, now);
            fresh = Set.of();
        }
        villageChain.ensure(villageId, now);
        if (!fresh.isEmpty()) {
            List<Integer> mine = run.indexesOf(fresh::contains);
            Map<UUID, LedgerSql.AccountState> empty = new HashMap<>();
            fresh.forEach(id -> empty.put(id, new LedgerSql.AccountState(id, 0, 0, EntryHasher.GENESIS, 0)));
            run.compute(mine, anyPassbook ? sql.byKeys(villageId, run.keys(mine)) : Map.of(), empty);
            // refused: nothing is created, but an existing account's earlier request may still say why first
            if (run.refusal() == null) {
                int created = sql.insertPassbookAccounts(villageId, sealedStates(villageId, households, empty.values()),
                        households, now);
                if (created != fresh.size()) {
                    // another transaction created one of them meanwhile (and may have posted to it): start again
                    throw new DuplicateKeyException("passbook account created concurrently in village " + villageId);
                }
                rememberAccounts(fresh);
            }
        }
        long t1 = System.nanoTime();
        List<UUID> toLock = households.keySet().stream().filter(id -> !fresh.contains(id)).sorted(DB_ORDER).toList();
        Map<UUID, LedgerSql.AccountState> locked = new TreeMap<>(DB_ORDER);
        long t2 = t1;
        if (!toLock.isEmpty()) {
            locked.putAll(sql.lock(villageId, toLock));
            if (locked.size() < toLock.size()) {
                throw new IllegalStateException("passbook accounts missing after creation");
            }
            t2 = System.nanoTime();
            List<Integer> mine = run.indexesOf(locked::containsKey);
            // keys are checked under the lock: a twin request that held it has committed by now
            run.compute(mine, sql.byKeys(villageId, run.keys(mine)), locked);
        }
        run.throwRefusal();
        long t3 = System.nanoTime();
        List<Leg> legs = run.legsInRequestOrder();
        if (!legs.isEmpty()) {
            // the village head is taken last, so it is held only for the writes and the commit
            Map<UUID, Long> villageSeqs = villageChain.append(villageId,
                    legs.stream().filter(l -> l.legNo() == 0).toList(), now);
            sql.insert(legs, villageSeqs);
            long t4 = System.nanoTime();
            if (!locked.isEmpty()) {
                sql.updateAccounts(villageId, sealedStates(villageId, households, locked.values()));
            }
            // the month totals move with the entries, in this transaction: one MERGE for the whole batch
            PeriodTotals totals = new PeriodTotals();
            legs.stream().filter(l -> l.legNo() == 0).forEach(totals::add);
            sql.mergeTotals(villageId, totals);
            // in this transaction: the notification outbox's rows commit or roll back with the postings (cn.jifen.notify)
            events.publishEvent(new PostingsCreated(run.created()));
            if (requests.size() >= 1000) {
                log.info("postAll of {} in village {}: {} new accounts computed and created {} ms, {} locked {} ms, "
                                + "computed {} ms, entries {} ms, accounts, totals and event {} ms",
                        requests.size(), villageId, fresh.size(), (t1 - t0) / 1_000_000, toLock.size(),
                        (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                        (System.nanoTime() - t4) / 1_000_000);
            }
        }
        return run.results();
    }

    /**
     * The postings of one batch as they are computed: each request's result and legs by its place in the batch, so
     * the passes over new and existing accounts can run in either order and the entries still follow the requests.
     */
    private final class BatchRun {
        private final Actor actor;
        private final long villageId;
        private final List<PostingRequest> requests;
        private final List<String> hashes;
        private final OffsetDateTime now;
        private final LocalDate today;
        /** Each request's passbook account (a name-based UUID: an MD5 each, so worked out once per request). */
        private final UUID[] accounts;
        private final Posting[] results;
        private final Leg[][] legs;
        private final PostingCreated[] created;
        private final Map<String, Posting> madeNow = new HashMap<>();
        private final Map<String, String> madeNowHash = new HashMap<>();
        private final Map<String, Integer> madeNowAt = new HashMap<>();
        private int refusedAt = Integer.MAX_VALUE;
        private RuntimeException refusal;
        private final Batch batch = new Batch();

        BatchRun(Actor actor, long villageId, List<PostingRequest> requests, List<String> hashes, OffsetDateTime now,
                 LocalDate today) {
            this.actor = actor;
            this.villageId = villageId;
            this.requests = requests;
            this.hashes = hashes;
            this.now = now;
            this.today = today;
            this.accounts = new UUID[requests.size()];
            for (int i = 0; i < accounts.length; i++) {
                accounts[i] = Accounts.passbook(villageId, requests.get(i).householdId());
            }
            this.results = new Posting[requests.size()];
            this.legs = new Leg[requests.size()][];
            this.created = new PostingCreated[requests.size()];
        }

        UUID account(int i) {
            return accounts[i];
        }

        List<Integer> indexesOf(Predicate<UUID> account) {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                if (account.test(accounts[i])) {
                    out.add(i);
                }
            }
            return out;
        }

        List<String> keys(List<Integer> indexes) {
            return indexes.stream().map(i -> requests.get(i).idempotencyKey()).toList();
        }

        /**
         * Computes the given requests (all of their accounts in {@code states}, which is moved along), in request
         * order, up to the first that is refused or the place of a refusal found in an earlier pass: a refused batch
         * names the first refused request in request order, whichever pass finds it (a village's first award mixes
         * new and existing accounts; a balance short in the second pass comes before a key reused later in the first).
         */
        void compute(List<Integer> indexes, Map<String, Leg> earlier, Map<UUID, LedgerSql.AccountState> states) {
            for (int i : indexes) {
                if (i >= refusedAt) {
                    return;
                }
                try {
                    computeOne(i, earlier, states);
                } catch (Conflict | InvalidInput e) {
                    Integer twinAt = madeNowAt.get(requests.get(i).idempotencyKey());
                    refuse(twinAt == null ? i : Math.max(i, twinAt), e);
                    return;
                }
            }
        }

        private void refuse(int at, RuntimeException e) {
            if (at < refusedAt) {
                refusedAt = at;
                refusal = e;
            }
        }

        /** The first refusal found so far (in request order), or null. */
        RuntimeException refusal() {
            return refusal;
        }

        void throwRefusal() {
            if (refusal != null) {
                throw refusal;
            }
        }

        private void computeOne(int i, Map<String, Leg> earlier, Map<UUID, LedgerSql.AccountState> states) {
            PostingRequest r = requests.get(i);
            Leg first = earlier.get(r.idempotencyKey());
            if (first != null) {
                results[i] = replay(first, hashes.get(i));
                return;
            }
            Posting twin = madeNow.get(r.idempotencyKey());
            if (twin != null) {
                if (!madeNowHash.get(r.idempotencyKey()).equals(hashes.get(i))) {
                    throw new Conflict("error.ledger.keyReused");
                }
                results[i] = twin.asReplay();
                return;
            }
            UUID accountId = accounts[i];
            LedgerSql.AccountState state = states.get(accountId);
            Effect effect = effect(villageId, r, state.balance(), today, batch);
            NewPosting made = newPosting(actor, villageId, r, hashes.get(i), effect, accountId, state, today, now);
            batch.scoreByHousehold.merge(r.householdId(), effect.scoreDelta(), Long::sum);
            if (effect.residentId() != null) {
                batch.scoreByResident.merge(effect.residentId(), effect.scoreDelta(), Long::sum);
            }
            if (r.reversesPostingId() != null) {
                batch.reversed.add(r.reversesPostingId());
            }
            legs[i] = new Leg[] {made.passbook(), made.system()};
            states.put(accountId, made.after());
            if (r.kind() == PostingKind.VETO) {
                sql.insertVeto(villageId, r.householdId(), today.getYear(), made.posting().postingId(), r.residentId());
            }
            Posting p = made.posting();
            created[i] = new PostingCreated(p, effect.itemLabel(), r.sourceType(), r.sourceRef());
            madeNow.put(r.idempotencyKey(), p);
            madeNowHash.put(r.idempotencyKey(), hashes.get(i));
            madeNowAt.put(r.idempotencyKey(), i);
            results[i] = p;
        }

        /** Passbook leg then system leg of each new posting, in the order of the requests. */
        List<Leg> legsInRequestOrder() {
            List<Leg> out = new ArrayList<>(requests.size() * 2);
            for (Leg[] pair : legs) {
                if (pair != null) {
                    out.add(pair[0]);
                    out.add(pair[1]);
                }
            }
            return out;
        }

        List<PostingCreated> created() {
            return Arrays.stream(created).filter(Objects::nonNull).toList();
        }

        List<Posting> results() {
            return List.of(results);
        }
    }

    /** A new posting: its two legs (the passbook's chained to the account's last entry and hashed), its result, and
     * the passbook account's state after it. */
    private record NewPosting(Leg passbook, Leg system, Posting posting, LedgerSql.AccountState after) { }

    private NewPosting newPosting(Actor actor, long villageId, PostingRequest r, String hash, Effect effect,
                                  UUID accountId, LedgerSql.AccountState state, LocalDate today, OffsetDateTime now) {
        UUID postingId = UUID.randomUUID();
        long balanceAfter = state.balance() + effect.amount();
        long seq = state.entryCount() + 1;
        Leg system = new Leg(villageId, UUID.randomUUID(), postingId, 1, Accounts.system(villageId, effect.counter()),
                null, -effect.amount(), 0, null, null, r.kind(), today, now, null, null, null, null, null, null,
                actor.username(), null, null, null, null, null);
        Leg passbook = new Leg(villageId, UUID.randomUUID(), postingId, 0, accountId, r.householdId(), effect.amount(),
                effect.scoreDelta(), balanceAfter, seq, r.kind(), today, now, effect.residentId(),
                r.sourceType(), r.sourceRef(), effect.itemLabel(), r.reversesPostingId(),
                actor.userId() == 0 ? null : actor.userId(), actor.username(), Texts.clean(r.reason()),
                r.idempotencyKey(), hash, state.lastHash(), null);
        passbook = passbook.withHash(EntryHasher.hash(chainKey, passbook, List.of(system)));
        Posting posting = new Posting(postingId, villageId, r.householdId(), r.kind(), effect.amount(),
                effect.scoreDelta(), balanceAfter, seq, today, now, false);
        return new NewPosting(passbook, system, posting, new LedgerSql.AccountState(accountId, balanceAfter, seq,
                passbook.hash(), state.score() + effect.scoreDelta()));
    }

    /** These account states with their seals; {@code households} gives each account's household. */
    private List<LedgerSql.AccountState> sealedStates(long villageId, Map<UUID, Long> households,
                                                      Collection<LedgerSql.AccountState> states) {
        List<LedgerSql.AccountState> out = new ArrayList<>(states.size());
        for (LedgerSql.AccountState s : states) {
            out.add(s.sealed(villageChain.seals().account(villageId, s.id(), households.get(s.id()), s.balance(), s.score(),
                    s.entryCount(), s.lastHash())));
        }
        return out;
    }

    /** Accounts known to exist (they are never deleted): most postings skip the existence check. */
    private final Set<UUID> knownAccounts = ConcurrentHashMap.newKeySet();

    /**
     * Creates the passbook and system accounts a batch needs, before any account is locked: creating
     * after locking some could take locks out of order. Remembered only once committed.
     */
    private void createMissingAccounts(long villageId, List<PostingRequest> requests, OffsetDateTime now) {
        Map<UUID, Object[]> wanted = new HashMap<>();
        for (PostingRequest r : requests) {
            UUID id = Accounts.passbook(villageId, r.householdId());
            if (!knownAccounts.contains(id)) {
                wanted.put(id, new Object[] {"PASSBOOK", r.householdId()});
            }
        }
        for (SystemAccount a : SystemAccount.values()) {
            UUID id = Accounts.system(villageId, a);
            if (!knownAccounts.contains(id)) {
                wanted.put(id, new Object[] {a.name(), null});
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        sql.ensureAccounts(villageId, wanted, now);
        rememberAccounts(wanted.keySet());
    }

    /**
     * Of these passbook accounts, those that do not exist yet (the known ones are not read again). A village without
     * any passbook yet (its first award) is told by one short read instead of a look-up of every id.
     */
    private Missing missingPassbooks(long villageId, Set<UUID> accounts) {
        List<UUID> unknown = accounts.stream().filter(id -> !knownAccounts.contains(id)).toList();
        if (unknown.isEmpty()) {
            return new Missing(Set.of(), true);
        }
        if (!sql.hasPassbook(villageId)) {
            return new Missing(new HashSet<>(accounts), false);
        }
        Set<UUID> missing = new HashSet<>(unknown);
        Set<UUID> existing = sql.existingAccounts(villageId, unknown);
        missing.removeAll(existing);
        rememberAccounts(existing);
        return new Missing(missing, true);
    }

    /** The passbook accounts of a batch that do not exist yet, and whether their village has any passbook at all. */
    private record Missing(Set<UUID> accounts, boolean villageHasPassbook) { }

    /** Remembers accounts as existing once this transaction has committed (they never go away after that). */
    private void rememberAccounts(Set<UUID> accounts) {
        if (accounts.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        if (knownAccounts.size() > 500_000) {
                            knownAccounts.clear();
                        }
                        knownAccounts.addAll(accounts);
                    }
                });
    }

    /** What earlier requests of the same batch did, not yet visible in the database. */
    private static final class Batch {
        final Map<Long, Long> scoreByHousehold = new HashMap<>();
        final Map<Long, Long> scoreByResident = new HashMap<>();
        final Set<UUID> reversed = new HashSet<>();
    }

    private record Effect(long amount, long scoreDelta, SystemAccount counter, Long residentId, String itemLabel) { }

    /** What a request does to the balance and the score, given the balance under the lock. */
    private Effect effect(long villageId, PostingRequest r, long balance, LocalDate today, Batch batch) {
        long p = r.points();
        return switch (r.kind()) {
            case EARN -> new Effect(p, p, SystemAccount.ISSUED, r.residentId(), r.itemLabel());
            case DEDUCT -> new Effect(-Math.min(balance, p), -p, SystemAccount.FORFEITED, r.residentId(), r.itemLabel());
            case EXPIRE -> new Effect(-Math.min(balance, p), 0, SystemAccount.FORFEITED, null, r.itemLabel());
            case REDEEM -> {
                if (balance < p) {
                    throw new Conflict("error.ledger.insufficient", balance, p);
                }
                yield new Effect(-p, 0, SystemAccount.REDEEMED, r.residentId(), r.itemLabel());
            }
            case VETO -> {
                Period year = Period.year(today.getYear());
                long yearScore = r.residentId() == null
                        ? score(villageId, r.householdId(), year)
                                + batch.scoreByHousehold.getOrDefault(r.householdId(), 0L)
                        : residentScore(villageId, r.residentId(), year)
                                + batch.scoreByResident.getOrDefault(r.residentId(), 0L);
                yield new Effect(-balance, -Math.max(0, yearScore), SystemAccount.FORFEITED, r.residentId(), r.itemLabel());
            }
            case CANCEL, CORRECT -> reversal(villageId, r, balance, batch);
        };
    }

    /** The mirror of an earlier posting of the same household; a balance never goes below zero. */
    private Effect reversal(long villageId, PostingRequest r, long balance, Batch batch) {
        List<Leg> original = sql.posting(villageId, r.reversesPostingId());
        if (original.isEmpty() || original.get(0).householdId() != r.householdId()) {
            throw InvalidInput.of("reversesPostingId", "error.ledger.noSuchPosting");
        }
        Leg o = original.get(0);
        if (o.kind() == PostingKind.CANCEL || o.kind() == PostingKind.CORRECT) {
            throw InvalidInput.of("reversesPostingId", "error.ledger.reverseReversal");
        }
        if (r.kind() == PostingKind.CANCEL && o.kind() != PostingKind.REDEEM) {
            throw InvalidInput.of("reversesPostingId", "error.ledger.cancelOnlyRedemptions");
        }
        if (batch.reversed.contains(o.postingId()) || sql.isReversed(villageId, o.postingId())) {
            throw new Conflict("error.ledger.alreadyReversed");
        }
        long amount = o.amount() > 0 ? -Math.min(balance, o.amount()) : -o.amount();
        SystemAccount counter = SystemAccount.valueOf(accountKind(villageId, original.get(1).accountId()));
        return new Effect(amount, -o.scoreDelta(), counter, o.residentId(), o.itemLabel());
    }

    private static String accountKind(long villageId, UUID accountId) {
        for (SystemAccount a : SystemAccount.values()) {
            if (Accounts.system(villageId, a).equals(accountId)) {
                return a.name();
            }
        }
        throw new IllegalStateException("leg 1 is not a system account: " + accountId);
    }

    private Posting replay(Leg first, String requestHash) {
        if (!first.requestHash().equals(requestHash)) {
            throw new Conflict("error.ledger.keyReused");
        }
        return new Posting(first.postingId(), first.villageId(), first.householdId(), first.kind(), first.amount(),
                first.scoreDelta(), first.balanceAfter(), first.seq(), first.postedOn(), first.createdAt(), true);
    }

    /** A posting as first made, read back for the replay of a request key ({@link cn.jifen.shared.RequestKeys}). */
    public Optional<Posting> posting(long villageId, UUID postingId) {
        List<Leg> legs = sql.posting(villageId, postingId);
        if (legs.isEmpty()) {
            return Optional.empty();
        }
        Leg first = legs.get(0);
        return Optional.of(new Posting(first.postingId(), first.villageId(), first.householdId(), first.kind(),
                first.amount(), first.scoreDelta(), first.balanceAfter(), first.seq(), first.postedOn(),
                first.createdAt(), true));
    }

    /**
     * The request's constraints (those of its kind, {@link PostingRequest#checks()}) and, for a batch, that it is of
     * the batch's village: all problems in one InvalidInput. Runs once per request, before any statement.
     */
    private void validate(PostingRequest r, long villageId) {
        List<InvalidInput.Problem> problems = r.villageId() == villageId ? List.of()
                : List.of(new InvalidInput.Problem("villageId", "error.ledger.oneVillage"));
        validation.check(r, problems, r.checks());
    }

    /**
     * {@link #validate(PostingRequest, long)} for one request of a batch. A batch's requests mostly differ only in
     * their household and their key (a batch award: 10,000 requests, one rule item), and the constraints read neither
     * the household nor more of the key than that it is not blank and not too long; so a request whose key is plainly
     * fine and whose other fields equal those of a request already validated in this batch passes without running the
     * validator again (issue #17: the validator cost a batch award about a tenth of its posting thread's CPU). Any
     * other request is validated in full, so a refusal names the same problems as before.
     */
    private void validate(PostingRequest r, long villageId, Set<PostingRequest> validRests) {
        String key = r.idempotencyKey();
        if (r.villageId() != villageId || key == null || key.length() > PostingRequest.MAX_KEY || key.trim().isEmpty()) {
            validate(r, villageId);
            return;
        }
        PostingRequest rest = new PostingRequest(villageId, 0, r.kind(), r.points(), r.residentId(), r.sourceType(),
                r.sourceRef(), r.itemLabel(), r.reason(), r.reversesPostingId(), "");
        if (!validRests.contains(rest)) {
            validate(r, villageId);
            validRests.add(rest);
        }
    }

    /** A digest of everything the request asks, so a reused key with other content is caught. */
    static String requestHash(PostingRequest r) {
        String s = String.join("|", String.valueOf(r.villageId()), String.valueOf(r.householdId()),
                String.valueOf(r.kind()), String.valueOf(r.points()), String.valueOf(r.residentId()),
                String.valueOf(r.sourceType()), String.valueOf(r.sourceRef()), String.valueOf(r.itemLabel()),
                String.valueOf(Texts.clean(r.reason())), String.valueOf(r.reversesPostingId()));
        // the digest of the text's UTF-8 bytes: what decoding and encoding them again gave (a lone surrogate is '?' both ways)
        return EntryHasher.sha256(s);
    }

    // ---- reading ----

    /** The available balance (可用积分) of a household's passbook. */
    public long balance(long villageId, long householdId) {
        return sql.balance(villageId, Accounts.passbook(villageId, householdId)).orElse(0L);
    }

    /** The score (累计积分) of a household for a period. */
    public long score(long villageId, long householdId, Period period) {
        return scoreOver(period, (from, to) -> sql.householdScore(villageId, householdId, from, to),
                (first, last) -> sql.householdScoreByMonths(villageId, householdId, first, last));
    }

    /** The score of one resident (person-level, e.g. party-member stars) for a period. */
    public long residentScore(long villageId, long residentId, Period period) {
        return scoreOver(period, (from, to) -> sql.residentScore(villageId, residentId, from, to),
                (first, last) -> sql.residentScoreByMonths(villageId, residentId, first, last));
    }

    /**
     * A score over a period: from the month totals for its whole months and from the entries for the days at its
     * edges, or from the entries alone when the totals are not read ({@link TotalsReading}).
     */
    private long scoreOver(Period period, ToLongBiFunction<LocalDate, LocalDate> entries,
                           ToLongBiFunction<LocalDate, LocalDate> months) {
        if (!totalsReading.used()) {
            return entries.applyAsLong(period.from(), period.to());
        }
        MonthSpan span = MonthSpan.of(period);
        long s = span.hasMonths() ? months.applyAsLong(span.firstMonth(), span.lastMonth()) : 0;
        for (Period edge : span.edges()) {
            s += entries.applyAsLong(edge.from(), edge.to());
        }
        return s;
    }

    /** Scores of the village's households with any entry in the period, highest first. */
    public Map<Long, Long> villageScores(long villageId, Period period) {
        if (!totalsReading.used()) {
            return sql.villageScores(villageId, period.from(), period.to());
        }
        MonthSpan span = MonthSpan.of(period);
        if (span.edges().isEmpty()) {
            return sql.villageScoresByMonths(villageId, span.firstMonth(), span.lastMonth());
        }
        Map<Long, Long> sum = new HashMap<>(span.hasMonths()
                ? sql.villageScoresByMonths(villageId, span.firstMonth(), span.lastMonth()) : Map.of());
        for (Period edge : span.edges()) {
            sql.villageScores(villageId, edge.from(), edge.to()).forEach((h, s) -> sum.merge(h, s, Long::sum));
        }
        Map<Long, Long> ranked = new LinkedHashMap<>();
        sum.entrySet().stream().sorted(Map.Entry.<Long, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> ranked.put(e.getKey(), e.getValue()));
        return ranked;
    }

    /** Whether a veto (not corrected) makes the household ineligible for the year's honours. */
    public boolean isVetoed(long villageId, long householdId, int year) {
        return sql.vetoed(villageId, householdId, year);
    }

    /** The posting day of the household's latest veto still in force (not reversed), if any. */
    public Optional<LocalDate> lastVetoOn(long villageId, long householdId) {
        return sql.lastVetoOn(villageId, householdId);
    }

    /** The balance of a village system account: the sum of its legs (no cached row to contend on). */
    public long systemBalance(long villageId, SystemAccount account) {
        return sql.systemBalance(villageId, Accounts.system(villageId, account));
    }

    /** A page of the passbook statement, newest first. The caller has checked the household is in scope. */
    public List<StatementLine> statement(long villageId, long householdId, int page, int size) {
        UUID account = Accounts.passbook(villageId, householdId);
        List<Leg> legs = sql.statement(villageId, account, size, (long) page * size);
        var reversed = sql.reversedAmong(villageId, legs.stream().map(Leg::postingId).toList());
        List<StatementLine> lines = new ArrayList<>(legs.size());
        for (Leg l : legs) {
            lines.add(new StatementLine(l.postingId(), l.seq(), l.postedOn(),
                    l.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), l.kind(), l.itemLabel(),
                    l.amount(), l.scoreDelta(), l.balanceAfter(), l.actorName(), l.reason(), l.residentId(),
                    l.reversesPostingId(), reversed.contains(l.postingId())));
        }
        return lines;
    }

    /** How many entries the passbook statement has (for paging). */
    public long statementSize(long villageId, long householdId) {
        return sql.entryCount(villageId, Accounts.passbook(villageId, householdId));
    }

    /** The postings of a household, as kept (for corrections to name). */
    public Map<String, Object> describe(long villageId, UUID postingId) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Leg l : sql.posting(villageId, postingId)) {
            m.put("leg" + l.legNo(), l.accountId() + ":" + l.amount());
        }
        return m;
    }

    // ---- homes (workbench) ----

    /** Of the given villages, those with any posting in the period (one grouped query, not one per village). */
    public Set<Long> villagesWithPostings(Collection<Long> villageIds, Period period) {
        if (villageIds.isEmpty()) {
            return Set.of();
        }
        return sql.villagesWithPostings(villageIds, period.from(), period.to());
    }

    /** A household's statement lines made after {@code after} up to {@code until}, newest first, at most {@code limit}. */
    public List<StatementLine> statementBetween(long villageId, long householdId, OffsetDateTime after,
                                                OffsetDateTime until, int limit) {
        UUID account = Accounts.passbook(villageId, householdId);
        List<Leg> legs = sql.legsBetween(villageId, account, after, until, Math.max(1, Math.min(limit, 100)));
        var reversed = sql.reversedAmong(villageId, legs.stream().map(Leg::postingId).toList());
        List<StatementLine> lines = new ArrayList<>(legs.size());
        for (Leg l : legs) {
            lines.add(new StatementLine(l.postingId(), l.seq(), l.postedOn(),
                    l.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), l.kind(), l.itemLabel(),
                    l.amount(), l.scoreDelta(), l.balanceAfter(), l.actorName(), l.reason(), l.residentId(),
                    l.reversesPostingId(), reversed.contains(l.postingId())));
        }
        return lines;
    }

    /** How many statement lines a household got after {@code after} up to {@code until}. */
    public long countBetween(long villageId, long householdId, OffsetDateTime after,
                             OffsetDateTime until) {
        return sql.countLegsBetween(villageId, Accounts.passbook(villageId, householdId), after, until);
    }

    // ---- public notice board (appended for honours/noticeboard) ----

    /** A village's postings (passbook legs) in a period, newest first, at most {@code limit}. */
    public List<VillagePosting> postings(long villageId, Period period, int limit) {
        return sql.villagePostings(villageId, period.from(), period.to(), Math.max(1, Math.min(limit, 1000)));
    }

    /** Totals of a village's postings in a period: score earned, score deducted (as a positive number), count. */
    public PostedTotals postedTotals(long villageId, Period period) {
        if (!totalsReading.used()) {
            return sql.postedTotals(villageId, period.from(), period.to());
        }
        MonthSpan span = MonthSpan.of(period);
        PostedTotals t = span.hasMonths() ? sql.postedTotalsByMonths(villageId, span.firstMonth(), span.lastMonth())
                : new PostedTotals(0, 0, 0);
        for (Period edge : span.edges()) {
            PostedTotals e = sql.postedTotals(villageId, edge.from(), edge.to());
            t = new PostedTotals(t.earned() + e.earned(), t.deducted() + e.deducted(), t.postings() + e.postings());
        }
        return t;
    }
}
