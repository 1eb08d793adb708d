package cn.jifen.identity;

import cn.jifen.shared.PlainText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * What an admin types to open a staff account. The single-field rules are its constraints; the role (a staff role the
 * unit's level takes, below the admin's own), the password (length, not the login name) and the unit (visible to the
 * admin) and the login name's uniqueness are checked by {@link Users}.
 */
public record StaffDraft(@NotBlank(message = "{error.required}")
                         @Pattern(regexp = "\\s*(" + StaffDraft.USERNAME + ")?\\s*", message = "{error.user.username}")
                         String username,
                         @PlainText(max = 50, required = true) String displayName,
                         String role, String password,
                         @NotBlank(message = "{error.required}") String orgCode) {
    /** A login name: 3 to 64 letters, digits, ".", "-" or "_". */
    public static final String USERNAME = "[A-Za-z0-9_.-]{3,64}";
}
