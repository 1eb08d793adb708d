package cn.jifen.wishes.internal;

import cn.jifen.shared.PlainText;

/**
 * A term the county adds to its list of goods no one may propose (the API's body, the page's form), under the rule
 * it falls under. The field rules are its constraints; a term of punctuation only and a term already listed are
 * checked by {@link ForbiddenGoods}.
 */
public record TermDraft(@PlainText(max = 30, required = true) String term,
                        @PlainText(max = 60, required = true) String rule) { }
