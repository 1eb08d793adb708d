package cn.jifen.shared.validation;

import cn.jifen.shared.PlainText;

import cn.jifen.shared.Texts;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link PlainText} by {@link Texts#textProblem}; the field is named by the validator, so none is given here. */
public class PlainTextValidator implements ConstraintValidator<PlainText, CharSequence> {
    private int max;
    private boolean required;

    @Override
    public void initialize(PlainText constraint) {
        this.max = constraint.max();
        this.required = constraint.required();
    }

    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        return Violations.report(context, Texts.textProblem(null, value == null ? null : value.toString(), max, required));
    }
}
