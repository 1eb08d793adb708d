package cn.jifen.market.internal;

import cn.jifen.market.Yuan;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.math.BigDecimal;

/** {@link Yuan} by {@link Money#isYuan}: the rule of every typed amount; zero passes where it means "none". */
public class YuanValidator implements ConstraintValidator<Yuan, BigDecimal> {
    private boolean zeroIsNone;

    @Override
    public void initialize(Yuan constraint) {
        this.zeroIsNone = constraint.zeroIsNone();
    }

    @Override
    public boolean isValid(BigDecimal value, ConstraintValidatorContext context) {
        return value == null || (zeroIsNone && value.signum() == 0) || Money.isYuan(value);
    }
}
