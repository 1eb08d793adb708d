package cn.jifen.shared;

import cn.jifen.shared.validation.PlainTextValidator;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Text typed by a person ({@code Texts.name} when required, {@code Texts.text} otherwise): at most {@link #max()}
 * characters once trimmed, no markup or control characters, no NUL or unpaired surrogate. Blank counts as missing.
 * The message comes from the bundle of the rule broken ({@code error.required}, {@code error.tooLong}, …).
 * <p>Repeatable, in different groups, for a text that one decision requires and another leaves optional (a vote's
 * reason is required only when the vote adjusts the points): validate with one group, not both.
 */
@Documented
@Constraint(validatedBy = PlainTextValidator.class)
@Target({FIELD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
@Repeatable(PlainText.List.class)
public @interface PlainText {
    int max();

    boolean required() default false;

    String message() default "{error.markup}";

    Class<?>[] groups() default { };

    Class<? extends Payload>[] payload() default { };

    /** Several {@link PlainText} rules on one text, each in its own group. */
    @Documented
    @Target({FIELD, PARAMETER, ANNOTATION_TYPE})
    @Retention(RUNTIME)
    @interface List {
        PlainText[] value();
    }
}
