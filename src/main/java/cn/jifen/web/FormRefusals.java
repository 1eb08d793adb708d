package cn.jifen.web;

import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;

/**
 * What a page does when its form is refused ("refuse and re-render the form"): it answers 422 for invalid input
 * (each problem a sentence naming its field) or 409 for a conflict, and shows the same page again with what was
 * typed and why, so nothing typed is lost and nothing was changed. Every page controller uses this one piece.
 */
@Component
public class FormRefusals {
    private final ProblemMessages messages;

    FormRefusals(ProblemMessages messages) {
        this.messages = messages;
    }

    /** Sets the status and the model's "problems" for a refusal; anything but InvalidInput or Conflict is rethrown. */
    public void problems(RuntimeException e, Model model, HttpServletResponse response) {
        if (e instanceof InvalidInput ii) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("problems", messages.of(ii));
        } else if (e instanceof Conflict c) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("problems", List.of(messages.msg(c.messageKey(), c.args())));
        } else {
            throw e;
        }
    }

    /**
     * The refused form again: status and reasons, then the page (which fills the rest of the model and names the
     * view), then what was typed as the model's "form" (over any empty form the page put there).
     */
    public String again(RuntimeException e, Map<String, ?> typed, Model model, HttpServletResponse response,
                        Supplier<String> page) {
        problems(e, model, response);
        String view = page.get();
        model.addAttribute("form", typed);
        return view;
    }

    /** Runs a form's action; refused, {@link #again} with the posted form. */
    public String act(Supplier<String> action, MultiValueMap<String, String> form, Model model,
                      HttpServletResponse response, Supplier<String> page) {
        try {
            return action.get();
        } catch (InvalidInput | Conflict e) {
            return again(e, form.toSingleValueMap(), model, response, page);
        }
    }

    /** What was typed, field by field in the order given; a value may be null (a field left empty). */
    public static Map<String, Object> typed(Object... fieldsAndValues) {
        if (fieldsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("fields and values come in pairs");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            out.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return out;
    }
}
