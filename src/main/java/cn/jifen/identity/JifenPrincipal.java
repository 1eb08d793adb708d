package cn.jifen.identity;

import cn.jifen.shared.Actor;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The logged-in user as Spring Security holds it; {@link #actor()} is what services receive. */
public final class JifenPrincipal implements UserDetails, Serializable {
    private final UserAccount account;
    private final String passwordHash;

    JifenPrincipal(UserAccount account, String passwordHash) {
        this.account = account;
        this.passwordHash = passwordHash;
    }

    public UserAccount account() { return account; }

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
