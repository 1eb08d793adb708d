package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;
import cn.jifen.identity.Users;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Password changes for API clients that have no token yet (an account whose password an admin set):
 * the login is checked like any login (same lock-out after failures), then the identity module's own
 * password change runs, with its rules and its audit record.
 */
@Component
class InitialPasswords {
    private final AuthenticationManager authenticationManager;
    private final Users users;

    InitialPasswords(AuthenticationManager authenticationManager, Users users) {
        this.authenticationManager = authenticationManager;
        this.users = users;
    }

    void change(String login, String currentPassword, String newPassword) {
        JifenPrincipal p = (JifenPrincipal) authenticationManager.authenticate(
                UsernamePasswordAuthenticationToken.unauthenticated(login, currentPassword)).getPrincipal();
        users.changeOwnPassword(p.actor(), currentPassword, newPassword);
    }
}
