package cn.jifen.shared;

import java.util.List;

/**
 * Bad input: nothing was changed. Each problem names the field and a message key
 * (with arguments) that tells the person what to fix.
 */
public class InvalidInput extends RuntimeException {

    public record Problem(String field, String messageKey, Object... args) { }

    private final List<Problem> problems;

    public InvalidInput(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid" : problems.get(0).messageKey());
        this.problems = List.copyOf(problems);
    }

    public static InvalidInput of(String field, String messageKey, Object... args) {
        return new InvalidInput(List.of(new Problem(field, messageKey, args)));
    }

    public List<Problem> problems() { return problems; }
}
