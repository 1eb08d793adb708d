package cn.jifen.market;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A product of a supermarket with its stock and the price that applies today (points 0: not priced yet). */
public record Product(long villageId, long id, long supermarketId, String name, String unit, String category,
                      int lowStock, boolean active, int stock, int points, BigDecimal referenceYuan,
                      LocalDate priceFrom, boolean hasPhoto) {

    public boolean low() { return stock <= lowStock; }

    public boolean sellable() { return active && points > 0 && stock > 0; }
}
