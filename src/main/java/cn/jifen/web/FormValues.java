package cn.jifen.web;

import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Texts;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.springframework.web.multipart.MultipartFile;

/** Values sent with a form as its service takes them: blank or missing is absent, an unreadable one is refused (422). */
public final class FormValues {
    private FormValues() { }

    /**
     * An optional date typed as year-month-day ({@code 2026-03-15}): null when blank; unreadable, a refusal naming
     * {@code field} with the page's own message ({@code messageKey}).
     */
    public static LocalDate date(String field, String raw, String messageKey) {
        String s = Texts.clean(raw);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(field, messageKey);
        }
    }

    /** An uploaded photo's bytes: null when none was sent; an upload that cannot be read, a refusal of "photo". */
    public static byte[] photo(MultipartFile file) {
        if (file == null || file.isEmpty()) {
            return null;
        }
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw InvalidInput.of("photo", "error.upload.broken");
        }
    }
}
