package cn.jifen.shared.validation;

import cn.jifen.shared.Between;
import cn.jifen.shared.InvalidInput;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link Between}: the problem of the message's key with the bounds as its arguments. */
public class BetweenValidator implements ConstraintValidator<Between, Number> {
    private int min;
    private int max;
    private boolean required;
    private String key;

    @Override
    public void initialize(Between constraint) {
        this.min = constraint.min();
        this.max = constraint.max();
        this.required = constraint.required();
        this.key = constraint.message().replaceAll("^\\{|}$", "");
    }

    @Override
    public boolean isValid(Number value, ConstraintValidatorContext context) {
        if (value == null) {
            return !required || outside(context);
        }
        return within(value.longValue()) || outside(context);
    }

    /** Reports the value outside the bounds (shared with the collection's size, {@link BetweenSizeValidator}). */
    boolean outside(ConstraintValidatorContext context) {
        return Violations.report(context, new InvalidInput.Problem(null, key, min, max));
    }

    boolean within(long n) {
        return n >= min && n <= max;
    }

    boolean required() {
        return required;
    }
}
