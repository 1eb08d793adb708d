package cn.jifen.web;

import cn.jifen.shared.InvalidInput;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/** Turns problems into sentences that name the field, in the request's language. */
@Component
public class ProblemMessages {
    private static final Pattern MEMBER = Pattern.compile("members\\[(\\d+)]");
    private final MessageSource messages;

    ProblemMessages(MessageSource messages) {
        this.messages = messages;
    }

    public List<String> of(InvalidInput e) {
        return e.problems().stream().map(this::of).toList();
    }

    public String of(InvalidInput.Problem p) {
        return fieldLabel(p.field()) + msg(p.messageKey(), p.args());
    }

    public String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, locale());
    }

    String fieldLabel(String field) {
        if (field == null) {
            return "";
        }
        String last = field.replaceAll("^.*\\.", "").replaceAll("\\[\\d+]", "");
        String label = field.contains("members[") ? messages.getMessage("field.member." + last, null, "", locale()) : "";
        if (label == null || label.isEmpty()) {
            label = messages.getMessage("field." + last, null, "", locale());
        }
        if (label == null || label.isEmpty()) {
            return "";
        }
        Matcher m = MEMBER.matcher(field);
        String who = m.find() ? msg("field.memberN", Integer.parseInt(m.group(1)) + 1) : "";
        return who + label + msg("field.separator");
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
