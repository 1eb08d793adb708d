package cn.jifen.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * How a service's programmatic check turns a request record's violations into the problems its hand-written checks
 * raise: the bundle key of a one-key message, the {@code Texts} problem of a shared constraint, all problems in the
 * record's field order.
 */
class RequestValidationProblemsTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private final RequestValidation validation = new RequestValidation(FACTORY.getValidator());

    record Draft(@PlainText(max = 4, required = true) String title,
                 @NotNull(message = "{error.required}") Integer count,
                 @Positive(message = "{error.rules.cap}") Integer cap,
                 String place) { }

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    @Test
    void aValidRequestHasNoProblems() {
        assertThat(validation.problems(new Draft("标题", 1, 2, null))).isEmpty();
    }

    @Test
    void aConstraintWhoseMessageIsOneBundleKeyKeepsThatKey() {
        assertThat(validation.problems(new Draft("标题", null, 0, null)))
                .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                .containsExactly(tuple("count", "error.required"), tuple("cap", "error.rules.cap"));
    }

    @Test
    void aSharedConstraintCarriesItsTextsProblemWithItsArguments() {
        List<InvalidInput.Problem> problems = validation.problems(new Draft("五个字标题", 1, null, null));
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).field()).isEqualTo("title");
        assertThat(problems.get(0).messageKey()).isEqualTo("error.tooLong");
        assertThat(problems.get(0).args()).containsExactly(4);
    }

    @Test
    void violationsAndHandWrittenProblemsComeTogetherInTheRecordsFieldOrder() {
        List<InvalidInput.Problem> byHand = List.of(new InvalidInput.Problem("place", "error.place"),
                new InvalidInput.Problem("count", "error.count.taken"));
        assertThatThrownBy(() -> validation.check(new Draft(" ", 1, -1, null), byHand))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field).containsExactly("title", "count", "cap", "place"));
    }

    @Test
    void handWrittenProblemsAloneAreRefusedToo() {
        assertThatThrownBy(() -> validation.check(new Draft("标题", 1, null, null),
                List.of(new InvalidInput.Problem("place", "error.place"))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::messageKey).containsExactly("error.place"));
    }
}
