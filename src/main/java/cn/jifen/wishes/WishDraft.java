package cn.jifen.wishes;

import cn.jifen.shared.PlainText;

/**
 * Goods proposed for a supermarket (the API's body, the page's forms): the supermarket (null: the first serving the
 * household's village), the household's passbook when entered at the counter, the goods' name and a note. The field
 * rules are its constraints; a name of punctuation only, the household, the supermarket and the county's forbidden
 * list are checked by {@link Wishes}.
 */
public record WishDraft(Long supermarketVillageId, Long supermarketId, String passbookNumber,
                        @PlainText(max = Wishes.MAX_NAME, required = true) String goodsName,
                        @PlainText(max = 300) String note) { }
