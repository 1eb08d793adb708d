package cn.jifen.shared;

import cn.jifen.shared.validation.PhoneValidator;

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
 * An optional phone number ({@code Texts.isPhone}: a mainland mobile or a landline with area code); blank passes.
 * The message key differs by form (a resident's phone, a subscriber's), so each use names its own.
 */
@Documented
@Constraint(validatedBy = PhoneValidator.class)
@Target({FIELD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Phone {
    String message();

    Class<?>[] groups() default { };

    Class<? extends Payload>[] payload() default { };
}
