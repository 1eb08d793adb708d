package cn.jifen.demo.internal;

import java.time.Clock;
import java.time.ZoneId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** With the demo's year of life on, the county clock is a {@link DemoClock} (the system clock for all but the loader). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoClockConfig {
    static final String YEAR_ON = "${jifen.demo:true} and ${jifen.demo.year:false}";

    @Bean
    @Primary
    DemoClock demoClock(@Value("${jifen.time-zone:Asia/Shanghai}") String zone) {
        return new DemoClock(Clock.system(ZoneId.of(zone)));
    }
}
