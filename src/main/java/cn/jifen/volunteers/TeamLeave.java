package cn.jifen.volunteers;

import cn.jifen.shared.PlainText;
import java.time.LocalDate;

/** A member leaving a team (the API's body, the page's form): the day (null: today) and an optional reason. */
public record TeamLeave(LocalDate leftOn, @PlainText(max = 200) String reason) { }
