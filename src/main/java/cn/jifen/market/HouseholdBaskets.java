package cn.jifen.market;

import cn.jifen.directory.Households;
import cn.jifen.directory.PassbookHolder;
import cn.jifen.market.internal.BasketPricer;
import cn.jifen.market.internal.ReservationSql;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What a household's basket goes through on both ways to the goods, the counter's redemption ({@link Redemptions})
 * and a villager's online reservation ({@link Reservations}), kept in one place so the two cannot drift apart again:
 * the basket as sent checked ({@link BasketRequest}'s constraints, after the caller's access check) and merged per
 * product, priced by the one {@link BasketPricer}; the household behind it (its passbook holder); and the household's
 * market row, the lock every redemption and reservation of a household takes first, with the points its live
 * reservations hold.
 */
@Component
class HouseholdBaskets {
    private final BasketPricer pricer;
    private final ReservationSql reservationSql;
    private final Households households;
    private final Supermarkets supermarkets;
    private final RequestValidation validation;

    HouseholdBaskets(BasketPricer pricer, ReservationSql reservationSql, Households households,
                     Supermarkets supermarkets, RequestValidation validation) {
        this.pricer = pricer;
        this.reservationSql = reservationSql;
        this.households = households;
        this.supermarkets = supermarkets;
        this.validation = validation;
    }

    /**
     * The basket as sent, checked and merged per product in product-id order (the order the counter locks the rows
     * in): its constraints and the merged lines' limit in one InvalidInput. No statement is sent.
     */
    Map<Long, Integer> checked(BasketRequest request) {
        List<Problem> merging = new ArrayList<>();
        Map<Long, Integer> basket = BasketPricer.merged(request.items() == null ? List.of() : request.items(), merging);
        validation.check(request, merging);
        return basket;
    }

    /** Prices a checked basket at a supermarket on a day (one statement). */
    BasketPricer.Priced price(long villageId, long supermarketId, Map<Long, Integer> basket, LocalDate day) {
        return pricer.price(villageId, supermarketId, basket, day);
    }

    /** The holder of a passbook typed or scanned at the counter of a supermarket serving its village. */
    PassbookHolder holder(Supermarkets.Supermarket s, String passbookNumber) {
        PassbookHolder h = households.holder(passbookNumber).orElse(null);
        if (h == null || !supermarkets.serves(s, h.villageId())) {
            throw new NotFound("error.market.passbookNotFound");
        }
        return h;
    }

    /** The holder of a household's passbook. */
    Optional<PassbookHolder> holder(long householdVillageId, long householdId) {
        return households.holder(householdVillageId, householdId);
    }

    /** Points the household's reservations hold now, for showing (read without the lock; none when its row says so). */
    long heldNow(long householdVillageId, long householdId, OffsetDateTime now) {
        return reservationSql.mayHold(householdVillageId, householdId)
                ? reservationSql.heldPoints(householdVillageId, householdId, now) : 0;
    }

    /**
     * Locks the household's market row and answers the points its live reservations hold, summed only when the row
     * says there may be some; when none do any more, the row says so from now on.
     */
    long lockAndHeld(long householdVillageId, long householdId, OffsetDateTime now) {
        if (!reservationSql.lockHousehold(householdVillageId, householdId)) {
            return 0;
        }
        long held = reservationSql.heldPoints(householdVillageId, householdId, now);
        if (held == 0) {
            reservationSql.markHolds(householdVillageId, householdId, false);
        }
        return held;
    }
}
