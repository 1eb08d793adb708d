package cn.jifen.shared;

import cn.jifen.shared.validation.BetweenSizeValidator;
import cn.jifen.shared.validation.BetweenValidator;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A whole number from {@link #min()} to {@link #max()}, both included, or a collection of that many elements; null
 * passes unless {@link #required()} (then it breaks the rule with the same message: "须在 1 到 999 之间" says what
 * a missing quantity needs too). The message is one bundle key whose {@code {0}} and {@code {1}} are the bounds (e.g.
 * {@code error.policy.range}: "须在 {0} 到 {1} 之间。"), so a violation reads as the hand-written range check did;
 * Jakarta's {@code @Min}/{@code @Max} would need two messages and name one bound only.
 */
@Documented
@Constraint(validatedBy = {BetweenValidator.class, BetweenSizeValidator.class})
@Target({FIELD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Between {
    int min();

    int max();

    /** Whether null breaks the rule too. */
    boolean required() default false;

    String message();

    Class<?>[] groups() default { };

    Class<? extends Payload>[] payload() default { };
}
