package cn.jifen.shared.validation;

import cn.jifen.shared.InvalidInput;
import jakarta.validation.ConstraintValidatorContext;
import java.text.MessageFormat;
import java.util.Locale;
import org.hibernate.validator.constraintvalidation.HibernateConstraintValidatorContext;
import org.springframework.context.i18n.LocaleContextHolder;

/**
 * Reports a {@code Texts} problem as the violation: its message key as the template (resolved from the bundles by
 * the validator's MessageSource interpolation), its arguments as the parameters {@code {0}}, {@code {1}}, … formatted
 * as MessageFormat formats them, and the problem itself as the dynamic payload, from which the API builds the same
 * field message as for a problem a service raised.
 */
public final class Violations {
    private Violations() { }

    static boolean report(ConstraintValidatorContext context, InvalidInput.Problem problem) {
        if (problem == null) {
            return true;
        }
        Locale locale = LocaleContextHolder.getLocale();
        HibernateConstraintValidatorContext h = context.unwrap(HibernateConstraintValidatorContext.class);
        Object[] args = problem.args();
        for (int i = 0; i < args.length; i++) {
            h.addMessageParameter(String.valueOf(i), args[i] == null ? "" : new MessageFormat("{0}", locale)
                    .format(new Object[] {args[i]}));
        }
        h.withDynamicPayload(problem);
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("{" + problem.messageKey() + "}").addConstraintViolation();
        return false;
    }
}
