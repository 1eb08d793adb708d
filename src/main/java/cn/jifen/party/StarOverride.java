package cn.jifen.party;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The branch's decision on a member's stars (the API's body, the page's form): other stars than computed (null
 * withdraws the decision) and the reason, which other stars need (checked by {@link Party}).
 */
public record StarOverride(@Min(value = 1, message = "{error.party.stars}") @Max(value = 5, message = "{error.party.stars}")
                           Integer stars,
                           @PlainText(max = 500) String reason) { }
