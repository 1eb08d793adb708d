package cn.jifen.shared;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import org.springframework.stereotype.Component;

/**
 * Checks the constraint annotations of a request record (Jakarta Validation) where the service calls it: after its
 * access check, so a caller without access to the village still gets 403 or 404, never a 422 that tells it how the
 * request was wrong. The violations become the same {@link InvalidInput} problems a hand-written check raises (the
 * API answers 422 with their Chinese messages as field errors), and they merge with the checks that need the
 * database into one answer, ordered as the record declares its fields.
 * <p>A constraint whose message is one bundle key ({@code message = "{error.required}"}) keeps that key, so a
 * violation and a hand-written check of the same rule cannot be told apart; a {@code cn.jifen.shared.validation}
 * constraint ({@link PlainText}, {@link Code}, {@link Phone}) carries its {@code Texts} problem.
 */
@Component
public class RequestValidation {
    private static final Pattern ONE_KEY = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

    private final Validator validator;

    public RequestValidation(Validator validator) {
        this.validator = validator;
    }

    /** Throws {@link InvalidInput} when the request breaks any of its constraints. */
    public void check(Object request) {
        check(request, List.of());
    }

    /**
     * Throws {@link InvalidInput} when the request breaks its constraints or {@code others} (what the service found
     * by hand, e.g. in the database) is not empty: all problems at once, in the record's field order.
     */
    public void check(Object request, List<InvalidInput.Problem> others) {
        check(request, others, new Class<?>[0]);
    }

    /**
     * As {@link #check(Object, List)}, for the constraints of the given validation groups (a record used by two
     * forms, e.g. a claim to record and a draft that need not be complete, says which rules each form keeps).
     */
    public void check(Object request, List<InvalidInput.Problem> others, Class<?>... groups) {
        List<InvalidInput.Problem> all = new ArrayList<>(problems(request, groups));
        all.addAll(others);
        Texts.throwIfAny(inFieldOrder(request, all));
    }

    /** The problems of the request's constraints, in the record's field order. */
    public List<InvalidInput.Problem> problems(Object request) {
        return problems(request, new Class<?>[0]);
    }

    /** The problems of the request's constraints in the given groups (none: the default), in the record's field order. */
    public List<InvalidInput.Problem> problems(Object request, Class<?>... groups) {
        List<InvalidInput.Problem> out = new ArrayList<>();
        for (ConstraintViolation<Object> v : validator.validate(request, groups)) {
            out.add(problem(field(v.getPropertyPath()), v));
        }
        return inFieldOrder(request, out);
    }

    /**
     * True when one field of the request breaks none of its constraints: a service looks a value up in the database
     * only when it is well formed, so a malformed value gets its one message, not a second "not found".
     */
    public boolean valid(Object request, String field, Class<?>... groups) {
        return validator.validateProperty(request, field, groups).isEmpty();
    }

    /** One violation as the problem a service would have raised for {@code field}. */
    public static InvalidInput.Problem problem(String field, ConstraintViolation<?> v) {
        InvalidInput.Problem p = v instanceof HibernateConstraintViolation<?> h
                ? h.getDynamicPayload(InvalidInput.Problem.class) : null;
        if (p != null) {
            Object[] args = p.args().clone();
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    args[i] = field;    // the constraint did not know the field's name (error.text.unsafe names it)
                }
            }
            return new InvalidInput.Problem(field, p.messageKey(), args);
        }
        Matcher key = ONE_KEY.matcher(v.getMessageTemplate());
        if (key.matches()) {
            return new InvalidInput.Problem(field, key.group(1));
        }
        // a message with parameters ({min}, {max}, …): as the validator interpolated it from the bundles
        return new InvalidInput.Problem(field, "error.validation", v.getMessage());
    }

    /** The field as the API names it: {@code options[2]}, {@code votes[0].points}. */
    static String field(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.getIndex() != null) {
                out.append('[').append(node.getIndex()).append(']');
            } else if (node.getKey() != null) {
                out.append('[').append(node.getKey()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                out.append(out.isEmpty() ? "" : ".").append(name);
            }
        }
        return out.toString();
    }

    /** The problems ordered as the request record declares its fields (unknown fields last); others as they are. */
    public static List<InvalidInput.Problem> inFieldOrder(Object request, List<InvalidInput.Problem> problems) {
        // nothing to order (the common case): no reflection, which a batch of 10,000 postings felt
        if (problems.size() < 2 || request == null || !request.getClass().isRecord()) {
            return problems;
        }
        List<String> order = Arrays.stream(request.getClass().getRecordComponents()).map(RecordComponent::getName)
                .toList();
        List<InvalidInput.Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(p -> rank(order, p.field())));   // stable: a field's problems keep their order
        return sorted;
    }

    private static int rank(List<String> order, String field) {
        int i = field == null ? -1 : order.indexOf(field.replaceAll("[.\\[].*$", ""));
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
