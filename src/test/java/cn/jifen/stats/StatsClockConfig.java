package cn.jifen.stats;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The hand-moved county clock for the statistics tests (one shared application context). */
@TestConfiguration(proxyBeanMethods = false)
public class StatsClockConfig {
    @Bean
    @Primary
    StatsClock statsClock() {
        return new StatsClock();
    }
}
