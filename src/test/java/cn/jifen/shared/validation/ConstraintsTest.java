package cn.jifen.shared.validation;

import cn.jifen.shared.Code;
import cn.jifen.shared.Phone;
import cn.jifen.shared.PlainText;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Texts;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import org.junit.jupiter.api.Test;

/** The constraints apply exactly the rules of {@link Texts} (one implementation) and carry its problem. */
class ConstraintsTest {
    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    record Form(@PlainText(max = 5, required = true) String name, @PlainText(max = 5) String note, @Code String code,
                @Phone(message = "{error.resident.phone}") String phone) { }

    private static List<InvalidInput.Problem> problems(Form f) {
        Set<ConstraintViolation<Form>> violations = VALIDATOR.validate(f);
        List<InvalidInput.Problem> out = new ArrayList<>();
        for (ConstraintViolation<Form> v : violations) {
            HibernateConstraintViolation<?> h = v.unwrap(HibernateConstraintViolation.class);
            InvalidInput.Problem p = h.getDynamicPayload(InvalidInput.Problem.class);
            out.add(p == null ? new InvalidInput.Problem(v.getPropertyPath().toString(), v.getMessageTemplate())
                    : new InvalidInput.Problem(v.getPropertyPath().toString(), p.messageKey(), p.args()));
        }
        return out;
    }

    private static String key(Form f) {
        List<InvalidInput.Problem> p = problems(f);
        assertThat(p).hasSize(1);
        return p.get(0).field() + " " + p.get(0).messageKey();
    }

    @Test
    void aValidFormHasNoViolations() {
        assertThat(problems(new Form(" 张三 ", null, "G-01", "13800138000"))).isEmpty();
        assertThat(problems(new Form("张三", "  ", "ab", ""))).isEmpty();
    }

    @Test
    void plainTextRefusesWhatTextsRefuses() {
        assertThat(key(new Form("  ", null, "G-01", null))).isEqualTo("name error.required");
        assertThat(key(new Form("张三李四王五", null, "G-01", null))).isEqualTo("name error.tooLong");
        assertThat(key(new Form("<b>", null, "G-01", null))).isEqualTo("name error.markup");
        assertThat(key(new Form("a\u0001", null, "G-01", null))).isEqualTo("name error.markup");
        assertThat(key(new Form("a\u0000", null, "G-01", null))).isEqualTo("name error.text.unsafe");
        assertThat(key(new Form("a\ud800", null, "G-01", null))).isEqualTo("name error.text.unsafe");
        assertThat(key(new Form("张三", "123456", "G-01", null))).isEqualTo("note error.tooLong");
    }

    @Test
    void theTooLongProblemCarriesTheBoundAsTextsDoes() {
        List<InvalidInput.Problem> mine = new ArrayList<>();
        Texts.name("name", "张三李四王五", 5, mine);
        InvalidInput.Problem p = problems(new Form("张三李四王五", null, "G-01", null)).get(0);
        assertThat(p.args()).containsExactly(mine.get(0).args());
    }

    @Test
    void codeAndPhoneRefuseWhatTextsRefuses() {
        assertThat(key(new Form("张三", null, "网格一", null))).isEqualTo("code error.code");
        assertThat(key(new Form("张三", null, null, null))).isEqualTo("code error.required");
        assertThat(key(new Form("张三", null, "G-01", "12345"))).isEqualTo("phone {error.resident.phone}");
    }
}
