package cn.jifen.web;

import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.RequestValidation;
import jakarta.validation.ConstraintViolation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.method.annotation.HandlerMethodValidationException;

/**
 * Turns Jakarta Validation failures of {@code @Valid} handler arguments into the problems a service would have
 * raised, so a violated constraint and a failed service check answer alike (same fields, same messages, same 422);
 * each violation maps as {@link RequestValidation#problem} maps it for a service's own check. Fields come in the
 * order the record declares them, as a service checks them, not in the validator's unordered set.
 */
@Component
class ValidationProblems {

    InvalidInput of(BindingResult result) {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        for (FieldError e : result.getFieldErrors()) {
            problems.add(problem(e.getField(), e));
        }
        problems = new ArrayList<>(RequestValidation.inFieldOrder(result.getTarget(), problems));
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

    private static InvalidInput.Problem problem(String field, MessageSourceResolvable error) {
        if (error instanceof ObjectError oe && oe.contains(ConstraintViolation.class)) {
            return RequestValidation.problem(field, oe.unwrap(ConstraintViolation.class));
        }
        // not from a constraint (a binding failure): its message as Spring resolved it
        return new InvalidInput.Problem(field, "error.validation", error.getDefaultMessage());
    }
}
