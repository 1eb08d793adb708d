package cn.jifen.shared.validation;

import cn.jifen.shared.Phone;

import cn.jifen.shared.Texts;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** {@link Phone} by {@link Texts#isPhone}; blank passes (required-ness is a separate constraint). */
public class PhoneValidator implements ConstraintValidator<Phone, CharSequence> {
    @Override
    public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
        String s = Texts.clean(value == null ? null : value.toString());
        return s == null || Texts.isPhone(s);
    }
}
