package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;
import cn.jifen.shared.Forbidden;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens for non-browser clients. A token is 32 random bytes; only its SHA-256 is stored,
 * so a copy of the database does not hold usable tokens. Tokens expire and can be revoked.
 */
@Service
public class ApiTokens {
    public record Issued(String token, OffsetDateTime expiresAt) { }

    private final UserSql sql;
    private final AuthenticationManager authenticationManager;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(UserSql sql, AuthenticationManager authenticationManager, Clock clock,
              @Value("${jifen.api.token-hours:12}") int hours) {
        this.sql = sql;
        this.authenticationManager = authenticationManager;
        this.clock = clock;
        this.ttl = Duration.ofHours(hours);
    }

    /** Checks the password (with the same lock-out as the login page) and issues a token. */
    public Issued issue(String login, String password) {
        Authentication auth = authenticationManager.authenticate(
                UsernamePasswordAuthenticationToken.unauthenticated(login, password));
        JifenPrincipal p = (JifenPrincipal) auth.getPrincipal();
        if (p.account().mustChangePassword()) {
            // a password a clerk set is changed on the login page before any client may use it
            throw new Forbidden("error.user.mustChangePassword");
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime expires = now.plus(ttl);
        sql.insertToken(p.account().id(), hash(token), p.stamp(), now, expires);
        return new Issued(token, expires);
    }

    public boolean revoke(String token) {
        return sql.revokeToken(hash(token), OffsetDateTime.now(clock)) > 0;
    }

    /**
     * The account of a live token, read from the database on every request (one statement, no cache, so a revoked
     * token or an ended account stops at once on every instance): a token issued before a change of password,
     * activation, role or scope no longer matches the account's stamp.
     */
    Optional<JifenPrincipal> authenticate(String token) {
        return sql.tokenAccount(hash(token), OffsetDateTime.now(clock))
                .filter(t -> t.account().user().active() && t.account().stamp().equals(t.tokenStamp()))
                .map(t -> new JifenPrincipal(t.account().user(), null, t.account().stamp()));
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
