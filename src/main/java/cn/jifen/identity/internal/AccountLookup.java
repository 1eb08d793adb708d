package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;

import java.util.List;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Finds the account for a login: a username, a passbook number, or a villager's phone. */
@Component
class AccountLookup implements UserDetailsService {
    private final UserSql sql;

    AccountLookup(UserSql sql) {
        this.sql = sql;
    }

    @Override
    public UserDetails loadUserByUsername(String login) {
        String name = canonicalUsername(login);
        return sql.byUsername(name).map(u -> new JifenPrincipal(u.user(), u.hash(), u.stamp()))
                .orElseThrow(() -> new UsernameNotFoundException("unknown"));
    }

    /** A phone resolves to the one villager account registered with it; otherwise stays as typed. */
    String canonicalUsername(String login) {
        String s = login == null ? "" : login.strip();
        if (s.matches("1[3-9]\\d{9}")) {
            List<String> names = sql.villagerUsernamesByPhone(s);
            if (names.size() == 1) {
                return names.get(0);
            }
        }
        return s;
    }
}
