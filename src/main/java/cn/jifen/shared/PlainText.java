package cn.jifen.shared;

import cn.jifen.shared.validation.PlainTextValidator;

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
 * Text typed by a person ({@code Texts.name} when required, {@code Texts.text} otherwise): at most {@link #max()}
 * characters once trimmed, no markup or control characters, no NUL or unpaired surrogate. Blank counts as missing.
 * The message comes from the bundle of the rule broken ({@code error.required}, {@code error.tooLong}, …).
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({FIELD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface PlainText {
    int max();

    boolean required() default false;

    String message() default "{error.markup}";

    Class<?>[] groups() default { };

    Class<? extends Payload>[] payload() default { };
}
