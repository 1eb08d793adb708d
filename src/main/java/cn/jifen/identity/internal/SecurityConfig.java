package cn.jifen.identity.internal;

import cn.jifen.web.ProblemResponses;
import cn.jifen.web.ProblemType;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Two filter chains: the JSON API (bearer tokens, stateless, no cookies so no CSRF) and the pages
 * (form login, session, CSRF on every form). Role and scope are checked again in every service.
 * Sessions live in the database (Spring Session JDBC); both a session and a token are refused on
 * the first request after their account's password, activation, role or scope changed.
 */
@Configuration
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfig {

    /**
     * Spring Security's own observations off: they wrap every filter of both chains in a Micrometer observation (part
     * of the 8.5 % of a counter redemption's CPU that issue #17's profile found in observation wrappers) and no
     * dashboard reads them. The request's own {@code http.server.requests} observation and its metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, ApiTokens tokens, AuthenticationManager manager,
                                 MessageSource messages, LocaleResolver locales,
                                 ProblemResponses problems)
            throws Exception {
        http.securityMatcher("/api/**")
                .authenticationManager(manager)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/v1/tokens").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/public/**").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new BearerTokenFilter(tokens), UsernamePasswordAuthenticationFilter.class)
                .headers(h -> h.referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problems.write(req, res, locales.resolveLocale(req),
                                ProblemType.UNAUTHORIZED,
                                messages.getMessage("error.unauthorized", null, locales.resolveLocale(req))))
                        .accessDeniedHandler((req, res, ex) -> problems.write(req, res, locales.resolveLocale(req),
                                ProblemType.FORBIDDEN,
                                messages.getMessage("error.forbidden.role", null, locales.resolveLocale(req)))));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain webChain(HttpSecurity http, AuthenticationManager manager, UserSql users) throws Exception {
        var failure = new ExceptionMappingAuthenticationFailureHandler();
        failure.setExceptionMappings(Map.of(LockedException.class.getName(), "/login?locked"));
        failure.setDefaultFailureUrl("/login?error");
        http.authenticationManager(manager)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/error",
                                "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/lang", "/rules", "/rules.pdf").permitAll()
                        .requestMatchers(HttpMethod.GET, "/market/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/board", "/board/**", "/verify/**").permitAll()
                        .requestMatchers("/console/**").hasRole("STAFF")
                        .requestMatchers("/me/**").hasRole("VILLAGER")
                        .anyRequest().authenticated())
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", true).failureHandler(failure)
                        .successHandler(new FirstLoginHandler()))
                .logout(l -> l.logoutSuccessUrl("/login?logout"))
                .exceptionHandling(e -> e.accessDeniedHandler(new SessionEndedHandler()))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                + "script-src 'self'; frame-ancestors 'none'"))
                        // links to outside sites must not carry household or passbook paths
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)))
                // a session whose account was deactivated or changed ends before anything reads it
                .addFilterAfter(new SessionCredentialCheck(users), SecurityContextHolderFilter.class)
                .addFilterAfter(new PasswordChangeGate(), AuthorizationFilter.class);
        return http.build();
    }
}
