package cn.jifen.stats.internal;

import java.util.Arrays;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * /actuator/prometheus answers without a login, but only to the addresses of jifen.stats.metrics-from
 * (loopback and private networks by default, where a county's Prometheus runs); anyone else gets 403.
 * No other actuator endpoint than health is exposed (application.properties).
 */
@Configuration
@ConditionalOnWebApplication
public class MetricsAccess {

    @Bean
    @Order(0)
    public SecurityFilterChain metricsChain(HttpSecurity http,
                                     @Value("${jifen.stats.metrics-from:127.0.0.1/32,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}")
                                     String from) throws Exception {
        List<IpAddressMatcher> allowed = Arrays.stream(from.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(IpAddressMatcher::new).toList();
        http.securityMatcher("/actuator/prometheus")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().access((auth, ctx) ->
                        new AuthorizationDecision(
                                allowed.stream().anyMatch(m -> m.matches(ctx.getRequest())))));
        return http.build();
    }
}
