package cn.jifen.market.internal;

import cn.jifen.ledger.Ledger;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicyChanged;
import cn.jifen.shared.Conflict;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Whether a veto still blocks a household's redemptions, as the county's points policy says (and until when). The
 * counter asks on every sale: the policy's months are kept per village (emptied when a county saves its policy, and
 * expiring after a few seconds for another instance's change); the household's last veto is read from the ledger
 * each time (at the counter's sale, by the posting's own statement that locks the passbook).
 */
@Component
public class VetoBlock {
    private final CountyPolicies policies;
    private final Ledger ledger;
    private final Clock clock;
    private final VillageCache<Long, Integer> blockMonths;

    public VetoBlock(CountyPolicies policies, Ledger ledger, Clock clock,
                     @Value("${jifen.market.cache-seconds:10}") int cacheSeconds) {
        this.policies = policies;
        this.ledger = ledger;
        this.clock = clock;
        this.blockMonths = new VillageCache<>(Duration.ofSeconds(cacheSeconds));
    }

    /** The day a household may redeem again after a veto, when that day is still to come. */
    public Optional<LocalDate> until(long villageId, long householdId) {
        int months = blockMonths.get(villageId, v -> policies.ofVillage(v).vetoBlockMonths());
        if (months == 0) {
            return Optional.empty();
        }
        LocalDate today = LocalDate.now(clock);
        return ledger.lastVetoOn(villageId, householdId).map(d -> d.plusMonths(months)).filter(today::isBefore);
    }

    /** Refuses with the day redemption reopens, when the household is blocked. */
    public void check(long villageId, long householdId) {
        refuseUntil(until(villageId, householdId));
    }

    /**
     * Refuses with the day redemption reopens, when the household's latest veto in force (as the ledger read it under
     * the passbook's lock, in the posting's own statement) still blocks it.
     */
    public void check(long villageId, Optional<LocalDate> lastVetoOn) {
        int months = blockMonths.get(villageId, v -> policies.ofVillage(v).vetoBlockMonths());
        if (months == 0) {
            return;
        }
        LocalDate today = LocalDate.now(clock);
        refuseUntil(lastVetoOn.map(d -> d.plusMonths(months)).filter(today::isBefore));
    }

    private static void refuseUntil(Optional<LocalDate> until) {
        if (until.isPresent()) {
            throw new Conflict("error.market.vetoed", until.get().toString());
        }
    }

    @TransactionalEventListener(fallbackExecution = true)
    void policyChanged(CountyPolicyChanged event) {
        blockMonths.changed();
    }
}
