package cn.jifen.party;

import cn.jifen.shared.PlainText;

/**
 * A party member's post for a year (设岗定责; the API's body, the page's form): the village by code, the year (null:
 * this year), the post and its duty. The duty's rule is its constraint; the year and the post are checked by
 * {@link Party}.
 */
public record PostChange(String village, Integer year, String postCode, @PlainText(max = 200) String duty) { }
