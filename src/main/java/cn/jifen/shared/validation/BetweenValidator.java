package cn.jifen.shared.validation;

import cn.jifen.shared.Between;
import cn.jifen.shared.InvalidInput;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link Between}: the problem of the message's key with the bounds as its arguments. */
public class BetweenValidator implements ConstraintValidator<Between, Number> {
    private int min;
    private int max;
    private String key;

    @Override
    public void initialize(Between constraint) {
        this.min = constraint.min();
        this.max = constraint.max();
        this.key = constraint.message().replaceAll("^\\{|}$", "");
    }

    @Override
    public boolean isValid(Number value, ConstraintValidatorContext context) {
        if (value == null || (value.longValue() >= min && value.longValue() <= max)) {
            return true;
        }
        return Violations.report(context, new InvalidInput.Problem(null, key, min, max));
    }
}
