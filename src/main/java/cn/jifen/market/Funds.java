package cn.jifen.market;

import cn.jifen.market.internal.FundSql;
import cn.jifen.market.internal.Money;
import cn.jifen.market.internal.MovementSql;
import cn.jifen.market.internal.ProductSql;
import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Texts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import cn.jifen.shared.Payload;
import cn.jifen.shared.RequestKeys;

/**
 * The funding ledger of a village's supermarket: named funds (village collective, town subsidy,
 * donations, cash top-ups), money in as contributions, out as purchases (see {@link Goods#purchase}).
 * A fund's balance is always the sum of its entries; donors are summed from the entries and from
 * goods donations, never kept as counters.
 */
@Service
public class Funds {
    public static final Set<String> KINDS = Set.of("COLLECTIVE", "TOWN_SUBSIDY", "DONATION", "CASH_TOPUP", "OTHER");

    private final ProductSql productSql;
    private final MovementSql movementSql;
    private final FundSql fundSql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestKeys keys;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    Funds(ProductSql productSql, MovementSql movementSql, FundSql fundSql, OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx,
          RequestKeys keys, RequestValidation validation) {
        this.validation = validation;
        this.keys = keys;
        this.productSql = productSql;
        this.movementSql = movementSql;
        this.fundSql = fundSql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /**
     * Donors of a village's supermarket: money donations plus goods donations valued at their reference
     * price on the day (goods without a reference price count 0), summed per donor, largest first.
     */
    public List<Donor> donors(long villageId) {
        Map<String, long[]> cents = new HashMap<>();
        Map<String, LocalDate> last = new HashMap<>();
        for (Object[] r : fundSql.moneyDonors(villageId)) {
            String name = (String) r[0];
            cents.computeIfAbsent(name, k -> new long[1])[0] += (Long) r[1];
            last.merge(name, (LocalDate) r[2], (a, b) -> a.isAfter(b) ? a : b);
        }
        List<Object[]> goods = movementSql.goodsDonations(villageId);
        if (!goods.isEmpty()) {
            Map<Long, List<Price>> prices = new HashMap<>();
            for (Price p : productSql.villagePrices(villageId)) {
                prices.computeIfAbsent(p.productId(), k -> new ArrayList<>()).add(p);
            }
            for (Object[] g : goods) {
                String name = (String) g[0];
                LocalDate day = (LocalDate) g[3];
                Price applied = null;
                for (Price p : prices.getOrDefault((Long) g[1], List.of())) {
                    if (!p.effectiveFrom().isAfter(day)) {
                        applied = p;
                    }
                }
                long unit = applied == null || applied.referenceYuan() == null ? 0
                        : applied.referenceYuan().movePointRight(2).longValueExact();
                cents.computeIfAbsent(name, k -> new long[1])[0] += unit * (Integer) g[2];
                last.merge(name, day, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        List<Donor> out = new ArrayList<>();
        cents.forEach((name, c) -> out.add(new Donor(name, BigDecimal.valueOf(c[0], 2), last.get(name))));
        out.sort(Comparator.comparing(Donor::amountYuan).reversed().thenComparing(Donor::lastDonatedOn,
                Comparator.reverseOrder()).thenComparing(Donor::name));
        return out;
    }

    /** Funds of a village with their balances (public: balances may be shown on the board). */
    public List<Fund> funds(long villageId) {
        return fundSql.funds(villageId);
    }

    public List<Fund> funds(Actor actor, String villageCode) {
        OrgUnit v = orgUnits.visibleVillage(actor, villageCode);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return fundSql.funds(v.id());
    }

    /** A page of a fund's entries, latest first. */
    public Page<FundEntry> entries(Actor actor, long villageId, long fundId, Paging paging) {
        OrgUnit v = orgUnits.byId(villageId);
        if (!actor.isStaff() || !actor.covers(v.path())) {
            throw new NotFound("error.market.fundNotFound");
        }
        fundSql.fund(villageId, fundId).orElseThrow(() -> new NotFound("error.market.fundNotFound"));
        return paging.of(fundSql.fundEntries(villageId, fundId, paging.size(), paging.offset()),
                fundSql.fundEntryCount(villageId, fundId));
    }

    private OrgUnit adminVillage(Actor actor, String villageCode) {
        OrgUnit v = orgUnits.visibleVillage(actor, villageCode);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        return v;
    }

    /** A new fund: its name (the constraint) and its kind (one of {@link #KINDS}, checked by the service). */
    public record FundDraft(@PlainText(max = 100, required = true) String name, String kind) { }

    /** Money into a fund: the text rules are constraints; the amount, the day and a donation's donor are checked. */
    public record Contribution(BigDecimal amountYuan, @PlainText(max = 100) String donor,
                               @PlainText(max = 500) String note, LocalDate occurredOn) { }

    public Fund create(Actor actor, String villageCode, String name, String kind) {
        return create(actor, villageCode, new FundDraft(name, kind));
    }

    /** Opens a fund of a village the admin sees; the draft is checked after that access check. */
    public Fund create(Actor actor, String villageCode, FundDraft d) {
        OrgUnit v = adminVillage(actor, villageCode);
        List<Problem> problems = new ArrayList<>();
        String kind = d.kind();
        if (kind == null || !KINDS.contains(kind)) {
            problems.add(new Problem("kind", "error.market.fundKind"));
        }
        validation.check(d, problems);
        String n = Texts.clean(d.name());
        return tx.execute(s -> {
            if (fundSql.fundNameTaken(v.id(), n)) {
                throw InvalidInput.of("name", "error.market.fundNameTaken");
            }
            long id = fundSql.insertFund(v.id(), n, kind, actor.username(), OffsetDateTime.now(clock));
            audit.record(actor, "market.fund.create", v.path(), "fund", id, null, n + " " + kind, null);
            return fundSql.fund(v.id(), id).orElseThrow();
        });
    }

    /** Money into a fund: an allocation, a subsidy or a donation (with the donor's name). */
    public FundEntry contribute(Actor actor, String villageCode, long fundId, BigDecimal amountYuan, String donor,
                                LocalDate on, String note) {
        return contribute(actor, villageCode, fundId, amountYuan, donor, on, note, null);
    }

    /** A contribution with a request key: the same key books the money once, however often it is sent. */
    public FundEntry contribute(Actor actor, String villageCode, long fundId, BigDecimal amountYuan, String donor,
                                LocalDate on, String note, String requestKey) {
        OrgUnit v = adminVillage(actor, villageCode);
        String key = RequestKeys.optional(requestKey, 80, "error.market.key");
        Payload payload = Payload.of("market.fund").with("fund", fundId)
                .with("amountYuan", amountYuan).with("donor", donor).with("occurredOn", on).with("note", note);
        return keys.once(v.id(), key, payload, ref -> entry(v.id(), fundId, Long.parseLong(ref)),
                claim -> contribute(actor, v, fundId, amountYuan, donor, on, note, claim));
    }

    private FundEntry contribute(Actor actor, OrgUnit v, long fundId, BigDecimal amountYuan, String donor,
                                 LocalDate on, String note, RequestKeys.Claim claim) {
        Fund fund = fundSql.fund(v.id(), fundId).orElseThrow(() -> new NotFound("error.market.fundNotFound"));
        List<Problem> problems = new ArrayList<>();
        Contribution c = new Contribution(amountYuan, donor, note, on);
        Long cents = Money.requiredCents("amountYuan", amountYuan, problems);
        String d = Texts.clean(donor);
        String n = Texts.clean(note);
        LocalDate today = LocalDate.now(clock);
        LocalDate day = on == null ? today : on;
        if (day.isAfter(today)) {
            problems.add(new Problem("occurredOn", "error.market.future"));
        }
        if ("DONATION".equals(fund.kind()) && d == null) {
            problems.add(new Problem("donor", "error.market.donorRequired"));
        }
        validation.check(c, problems);
        return tx.execute(s -> {
            long id = fundSql.insertFundEntry(v.id(), fundId, "CONTRIBUTION", cents, d, day, n, null, null,
                    actor.username(), OffsetDateTime.now(clock));
            keys.complete(claim, id);
            audit.record(actor, "market.fund.contribute", v.path(), "fund", fundId, null,
                    "+¥" + Money.yuan(cents), d);
            return entry(v.id(), fundId, id).orElseThrow();
        });
    }

    private Optional<FundEntry> entry(long villageId, long fundId, long id) {
        return fundSql.fundEntry(villageId, fundId, id);
    }
}
