package cn.jifen.claims;

import cn.jifen.shared.Code;
import cn.jifen.shared.PlainText;

/**
 * What a village admin types to set up a responsibility post (责任岗, the API's body, the page's form): the village by
 * code, the post's name, the item its inspections are recorded under and a description. The field rules are its
 * constraints; the item in force today and a name not yet taken in the village are checked by
 * {@link ResponsibilityPosts}.
 */
public record PostDraft(String village,
                        @PlainText(max = 100, required = true) String name,
                        @Code String itemCode,
                        @PlainText(max = 500) String description) { }
