/**
 * Accounts and sign-in (账号与登录): users with one role scoped to an org unit, passwords, sessions, API tokens and the login throttle.
 * <p>Owns {@code app_user} and {@code api_token}. Invariants: a password is stored only as a hash; a changed password or a disabled account ends every session and token of that account; repeated failed logins lock the login for a while.
 * <p>Published API: {@link cn.jifen.identity.Users}, {@link cn.jifen.identity.UserAccount}, {@link cn.jifen.identity.JifenPrincipal}, {@link cn.jifen.identity.ActorGuard}.
 */
@ApplicationModule(displayName = "Identity", allowedDependencies = {"audit", "directory"})
package cn.jifen.identity;

import org.springframework.modulith.ApplicationModule;
