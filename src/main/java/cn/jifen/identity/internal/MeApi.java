package cn.jifen.identity.internal;

import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account. */
@RestController
@RequestMapping("/api/v1/me")
@Tag(name = "tokens", description = "登录令牌 / bearer tokens")
class MeApi {
    /** Checked before the service (anyone may change their own password, so no 403/404 can be hidden by a 422). */
    record PasswordChange(@NotBlank(message = "{error.required}") String currentPassword,
                          @NotBlank(message = "{error.required}") String newPassword) { }

    private final Users users;

    MeApi(Users users) {
        this.users = users;
    }

    @PostMapping("/password")
    @Operation(summary = "修改自己的密码（需当前密码；规则同网页） / change one's own password")
    ResponseEntity<Void> changePassword(@Parameter(hidden = true) Actor actor,
                                        @Valid @RequestBody(required = false) PasswordChange body) {
        PasswordChange b = body == null ? new PasswordChange(null, null) : body;
        users.changeOwnPassword(actor, b.currentPassword(), b.newPassword());
        return ResponseEntity.noContent().build();
    }
}
