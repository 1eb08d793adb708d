package cn.jifen.market;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import cn.jifen.market.internal.YuanValidator;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An amount of yuan typed by a person: more than 0, at most two decimals, at most a million ({@code error.market.yuan},
 * the rule the market's hand-checked amounts keep too); null passes (required-ness is a separate constraint).
 */
@Documented
@Constraint(validatedBy = YuanValidator.class)
@Target({FIELD, PARAMETER})
@Retention(RUNTIME)
public @interface Yuan {
    /** Whether 0 passes, where it means "no amount" (the counter's cash top-up). */
    boolean zeroIsNone() default false;

    String message() default "{error.market.yuan}";

    Class<?>[] groups() default { };

    Class<? extends Payload>[] payload() default { };
}
