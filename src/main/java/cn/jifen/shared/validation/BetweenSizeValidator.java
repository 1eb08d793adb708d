package cn.jifen.shared.validation;

import cn.jifen.shared.Between;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Collection;

/** {@link Between} on a collection: its number of elements, with the same message and bounds as for a number. */
public class BetweenSizeValidator implements ConstraintValidator<Between, Collection<?>> {
    private final BetweenValidator bounds = new BetweenValidator();

    @Override
    public void initialize(Between constraint) {
        bounds.initialize(constraint);
    }

    @Override
    public boolean isValid(Collection<?> value, ConstraintValidatorContext context) {
        if (value == null) {
            return !bounds.required() || bounds.outside(context);
        }
        return bounds.within(value.size()) || bounds.outside(context);
    }
}
