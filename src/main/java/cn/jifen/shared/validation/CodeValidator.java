package cn.jifen.shared.validation;

import cn.jifen.shared.Code;

import cn.jifen.shared.Texts;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link Code} by {@link Texts#codeProblem}. */
public class CodeValidator implements ConstraintValidator<Code, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return Violations.report(context, Texts.codeProblem(null, value == null ? null : value.toString()));
    }
}
