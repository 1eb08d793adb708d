package cn.jifen.market.internal;

import cn.jifen.market.Price;
import cn.jifen.market.Redemptions;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Texts;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * The market's one basket pricer (兑换篮计价): the counter's redemption and an online reservation both check and
 * price a basket here, so a line is refused alike on both paths — a product of no supermarket (or of another one)
 * is {@code productNotFound}, a product that exists but is taken off the shelf is {@code productInactive} (naming
 * it), one without a price on the day is {@code productUnpriced}. The basket is merged per product and ordered by
 * product id, which is the order the counter locks the product rows in.
 */
@Component
public class BasketPricer {
    public static final int MAX_LINES = 50;
    public static final int MAX_LINE_QUANTITY = 999;

    /** One priced line: the product row as read, the quantity asked and the price of the day. */
    public record Line(ProductSql.ProductRow product, int quantity, Price price) {
        public long points() {
            return (long) price.points() * quantity;
        }

        /** The reference price of one unit in cents, or null when the product has none. */
        public Long referenceCents() {
            return price.referenceYuan() == null ? null : price.referenceYuan().movePointRight(2).longValueExact();
        }
    }

    /** A basket every line of which is offered and priced, in product-id order, and its points. */
    public record Priced(List<Line> lines, long points) {
        /** "prefix 大米×2、香皂×1", cut to fit the ledger's label column. */
        public String label(String prefix, String suffix) {
            StringBuilder b = new StringBuilder(prefix);
            for (int i = 0; i < lines.size(); i++) {
                b.append(i == 0 ? "" : "、").append(lines.get(i).product().name()).append('×').append(lines.get(i).quantity());
            }
            b.append(suffix);
            return b.length() > 190 ? b.substring(0, 188) + "…" : b.toString();
        }
    }

    private final ProductSql productSql;

    public BasketPricer(ProductSql productSql) {
        this.productSql = productSql;
    }

    /**
     * Prices a checked basket at a supermarket on a day (its products and their prices of the day read in one
     * statement); every refused line is named in one InvalidInput.
     */
    public Priced price(long villageId, long supermarketId, Map<Long, Integer> basket, LocalDate day) {
        Map<Long, ProductSql.PricedRow> found = new HashMap<>();
        for (ProductSql.PricedRow r : productSql.pricedOn(villageId, basket.keySet(), day)) {
            found.put(r.product().id(), r);
        }
        List<Line> lines = new ArrayList<>(basket.size());
        List<Problem> problems = new ArrayList<>();
        long points = 0;
        int i = 0;
        for (Map.Entry<Long, Integer> e : basket.entrySet()) {
            String field = "items[" + i++ + "].productId";
            ProductSql.PricedRow pr = found.get(e.getKey());
            ProductSql.ProductRow r = pr == null || pr.product().supermarketId() != supermarketId ? null : pr.product();
            Price price = r == null ? null : pr.price();
            if (r == null) {
                problems.add(new Problem(field, "error.market.productNotFound"));
            } else if (!r.active()) {
                problems.add(new Problem(field, "error.market.productInactive", r.name()));
            } else if (price == null) {
                problems.add(new Problem(field, "error.market.productUnpriced", r.name()));
            } else {
                Line line = new Line(r, e.getValue(), price);
                lines.add(line);
                points += line.points();
            }
        }
        Texts.throwIfAny(problems);
        return new Priced(List.copyOf(lines), points);
    }

    /**
     * Merges the lines of the same product, ordered by product id (the lock order), leaving out the lines that break
     * their own constraints ({@code BasketRequest}, checked with these problems); adds the problems only the whole
     * basket shows: a line that is missing, a product whose lines together ask more than a line may.
     */
    public static Map<Long, Integer> merged(List<Redemptions.Item> items, List<Problem> problems) {
        Map<Long, Integer> basket = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            Redemptions.Item it = items.get(i);
            if (it == null) {
                problems.add(new Problem("items[" + i + "].productId", "error.required"));
            } else if (it.productId() != null && it.quantity() != null && it.quantity() > 0
                    && it.quantity() <= MAX_LINE_QUANTITY) {
                basket.merge(it.productId(), it.quantity(), Integer::sum);
            }
        }
        basket.forEach((p, q) -> {
            if (q > MAX_LINE_QUANTITY) {
                problems.add(new Problem("items", "error.market.quantity", 1, MAX_LINE_QUANTITY));
            }
        });
        return basket;
    }

    /** What a repeated request key is compared with: the supermarket, the passbook and the merged basket. */
    public static String requestHash(long supermarketId, String passbookNumber, Map<Long, Integer> basket) {
        StringBuilder b = new StringBuilder().append(supermarketId).append('|').append(passbookNumber);
        basket.forEach((p, q) -> b.append('|').append(p).append('x').append(q));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The points the cash covers, at the basket's reference prices: floor(cash × Σ points / Σ reference
     * price). Every product needs a reference price; the cash may not reach the whole basket (at least
     * one point is paid from the passbook).
     */
    public static long pointsCoveredByCash(Priced basket, long cashCents) {
        long refCents = 0;
        for (Line l : basket.lines()) {
            Long unit = l.referenceCents();
            if (unit == null) {
                throw InvalidInput.of("cashYuan", "error.market.topUpNoReference", l.product().name());
            }
            refCents += unit * l.quantity();
        }
        long covered = BigInteger.valueOf(cashCents).multiply(BigInteger.valueOf(basket.points()))
                .divide(BigInteger.valueOf(refCents)).longValue();
        if (covered >= basket.points()) {
            throw InvalidInput.of("cashYuan", "error.market.topUpTooMuch");
        }
        return covered;
    }

    /** The cash (in cents) that covers a shortfall of points at the basket's reference prices, rounded up. */
    public static long cashFor(long shortPoints, long goodsPoints, long refCents) {
        return (shortPoints * refCents + goodsPoints - 1) / goodsPoints;
    }
}
