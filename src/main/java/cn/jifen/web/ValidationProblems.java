package cn.jifen.web;

import cn.jifen.shared.InvalidInput;
import jakarta.validation.ConstraintViolation;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.engine.HibernateConstraintViolation;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Turns Jakarta Validation failures into the problems a service would have raised, so a violated constraint and a
 * failed service check answer alike (same fields, same messages, same 422). A violation of one of the
 * {@code cn.jifen.shared.validation} constraints carries its {@code Texts} problem; any other constraint becomes
 * a problem whose message is the validator's (interpolated from the bundles). Fields come in the order the record
 * declares them, as a service checks them, not in the validator's unordered set.
 */
@Component
class ValidationProblems {

    InvalidInput of(BindingResult result) {
        List<FieldError> errors = new ArrayList<>(result.getFieldErrors());
        Object target = result.getTarget();
        if (target != null && target.getClass().isRecord()) {
            List<String> order = Arrays.stream(target.getClass().getRecordComponents()).map(RecordComponent::getName)
                    .toList();
            errors.sort(Comparator.comparingInt(e -> rank(order, e.getField())));
        }
        List<InvalidInput.Problem> problems = new ArrayList<>();
        for (FieldError e : errors) {
            problems.add(problem(e.getField(), e));
        }
        for (ObjectError e : result.getGlobalErrors()) {
            problems.add(problem(null, e));
        }
        return new InvalidInput(problems);
    }

    InvalidInput of(HandlerMethodValidationException e) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            r.getResolvableErrors().forEach(err -> problems.add(problem(name, err)));
        });
        return new InvalidInput(problems);
    }

    private static int rank(List<String> order, String field) {
        int i = order.indexOf(field.replaceAll("[.\\[].*$", ""));
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static InvalidInput.Problem problem(String field, MessageSourceResolvable error) {
        InvalidInput.Problem p = payload(error);
        if (p == null) {
            // a standard constraint (@NotNull, @Size, …): its message as the validator interpolated it
            return new InvalidInput.Problem(field, "error.validation", error.getDefaultMessage());
        }
        Object[] args = p.args().clone();
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                args[i] = field;    // the constraint did not know the field's name (error.text.unsafe names it)
            }
        }
        return new InvalidInput.Problem(field, p.messageKey(), args);
    }

    private static InvalidInput.Problem payload(MessageSourceResolvable error) {
        if (error instanceof ObjectError oe && oe.contains(ConstraintViolation.class)) {
            ConstraintViolation<?> v = oe.unwrap(ConstraintViolation.class);
            if (v instanceof HibernateConstraintViolation<?> h) {
                return h.getDynamicPayload(InvalidInput.Problem.class);
            }
        }
        return null;
    }
}
