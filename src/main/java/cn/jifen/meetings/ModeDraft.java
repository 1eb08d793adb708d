package cn.jifen.meetings;

import cn.jifen.shared.PlainText;

/**
 * The village admin's choice of review mode (the API's body, the page's form): the village by code, the mode
 * ({@link ReviewMode}'s name, checked by {@link Meetings}) and the reason, which is required.
 */
public record ModeDraft(String village, String mode, @PlainText(max = 200, required = true) String reason) { }
