package cn.jifen.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.module.SimpleModule;

/**
 * Problem details write their extension members ({@code error}, {@code fields}) at the top level, as RFC 9457 asks.
 * Spring's converter adds this mix-in only to mappers it builds itself; Boot's {@code JsonMapper} (which the
 * converter and {@link ProblemResponses} use) gets it here.
 */
@Configuration
class ProblemDetailJson {

    @Bean
    JacksonModule problemDetailModule() {
        SimpleModule m = new SimpleModule("jifen-problem-detail");
        m.setMixInAnnotation(ProblemDetail.class, ProblemDetailJacksonMixin.class);
        return m;
    }
}
