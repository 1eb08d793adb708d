package cn.jifen.api;

import cn.jifen.identity.ApiTokens;
import cn.jifen.shared.InvalidInput;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
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
    record Credentials(String username, String password) { }

    record TokenResponse(String token, OffsetDateTime expiresAt) { }

    private final ApiTokens tokens;

    TokenApi(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    @Operation(summary = "用账号和密码换取令牌 / exchange a login for a bearer token")
    ResponseEntity<TokenResponse> issue(@RequestBody(required = false) Credentials credentials) {
        if (credentials == null || credentials.username() == null || credentials.username().isBlank()) {
            throw InvalidInput.of("username", "error.required");
        }
        if (credentials.password() == null || credentials.password().isEmpty()) {
            throw InvalidInput.of("password", "error.required");
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
