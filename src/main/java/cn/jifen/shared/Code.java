package cn.jifen.shared;

import cn.jifen.shared.validation.CodeValidator;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A required code ({@code Texts.code}): 2 to 32 letters, digits, "-" or "_". */
@Documented
@Constraint(validatedBy = CodeValidator.class)
@Target({FIELD, PARAMETER, ANNOTATION_TYPE})
@Retention(RUNTIME)
public @interface Code {
    String message() default "{error.code}";

    Class<?>[] groups() default { };

    Class<? extends Payload>[] payload() default { };
}
