package cn.jifen.market;

import java.math.BigDecimal;

/** A named source of money that buys goods; its balance is the sum of its entries. */
public record Fund(long villageId, long id, String name, String kind, boolean active, BigDecimal balanceYuan) {

    public String kindKey() { return "market.fund.kind." + kind; }
}
