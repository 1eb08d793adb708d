package cn.jifen.identity.internal;

import cn.jifen.shared.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.OffsetDateTime;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tokens")
@Tag(name = "tokens", description = "登录令牌 / bearer tokens")
class TokenApi {
    /** {@code newPassword} exchanges an initial password (set by an admin) for the caller's own. */
    record Credentials(@NotBlank(message = "{error.required}") String username,
                       @NotEmpty(message = "{error.required}") String password, String newPassword) { }

    record TokenResponse(String token, OffsetDateTime expiresAt) { }

    private final ApiTokens tokens;
    private final InitialPasswords initialPasswords;

    TokenApi(ApiTokens tokens, InitialPasswords initialPasswords) {
        this.tokens = tokens;
        this.initialPasswords = initialPasswords;
    }

    @PostMapping
    @Operation(summary = "用账号和密码换取令牌；带 newPassword 时先把（初始）密码改成它 / exchange a login for a bearer token, changing the password first when newPassword is given")
    ResponseEntity<TokenResponse> issue(@Valid @RequestBody(required = false) Credentials credentials) {
        if (credentials == null) {
            throw InvalidInput.of("username", "error.required");
        }
        if (credentials.newPassword() != null) {
            initialPasswords.change(credentials.username(), credentials.password(), credentials.newPassword());
            ApiTokens.Issued issued = tokens.issue(credentials.username(), credentials.newPassword());
            return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(issued.token(), issued.expiresAt()));
        }
        ApiTokens.Issued issued = tokens.issue(credentials.username(), credentials.password());
        return ResponseEntity.status(HttpStatus.CREATED).body(new TokenResponse(issued.token(), issued.expiresAt()));
    }

    @DeleteMapping("/current")
    @Operation(summary = "吊销当前令牌 / revoke the token used for this request")
    ResponseEntity<Void> revoke(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            tokens.revoke(header.substring(7).strip());
        }
        return ResponseEntity.noContent().build();
    }
}
