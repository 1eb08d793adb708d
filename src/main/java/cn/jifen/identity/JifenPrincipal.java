package cn.jifen.identity;

import cn.jifen.shared.Actor;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The logged-in user as Spring Security holds it; {@link #actor()} is what services receive. It is
 * kept in the web session (in the database), so it carries the credential stamp it was issued
 * under, and its password hash is erased after login.
 */
public final class JifenPrincipal implements UserDetails, CredentialsContainer, Serializable {
    private static final long serialVersionUID = 1L;

    private final UserAccount account;
    private final String stamp;
    private String passwordHash;

    public JifenPrincipal(UserAccount account, String passwordHash, String stamp) {
        this.account = account;
        this.passwordHash = passwordHash;
        this.stamp = stamp;
    }

    public UserAccount account() { return account; }

    /** Credential version, role and scope at issue; the session ends when the account's differ. */
    public String stamp() { return stamp; }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    public Actor actor() {
        return new Actor(account.id(), account.username(), account.displayName(), account.role(), account.orgUnitId(),
                account.orgPath(), account.householdId(), null);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority("ROLE_" + account.role().name()),
                new SimpleGrantedAuthority(account.role().isStaff() ? "ROLE_STAFF" : "ROLE_VILLAGER_USER"));
    }

    @Override
    public String getPassword() { return passwordHash; }

    @Override
    public String getUsername() { return account.username(); }

    @Override
    public boolean isAccountNonLocked() {
        return account.lockedUntil() == null || account.lockedUntil().isBefore(OffsetDateTime.now());
    }

    @Override
    public boolean isEnabled() { return account.active(); }
}
