package cn.jifen.volunteers;

import cn.jifen.shared.PlainText;

/**
 * A team honour to award (the API's body, the page's form): the year and the title (blank: 优秀志愿服务队). The
 * title's rule is its constraint; the year's range is checked by {@link VolunteerHours}.
 */
public record TeamHonourDraft(Integer year, @PlainText(max = 100) String title) { }
