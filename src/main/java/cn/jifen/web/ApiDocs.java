package cn.jifen.web;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description in one document per module, so a bank or a mini-program reads only its
 * part: {@code /v3/api-docs/{group}} (listed in the README), and {@code /v3/api-docs/all} for everything.
 */
@Configuration
class ApiDocs {

    @Bean
    GroupedOpenApi allApi() {
        return GroupedOpenApi.builder().group("all").pathsToMatch("/api/**").build();
    }

    /** Org units, households, passbooks, accounts, tokens, rules and the ledger. */
    @Bean
    GroupedOpenApi coreApi() {
        return GroupedOpenApi.builder().group("core").packagesToScan("cn.jifen.api").pathsToMatch("/api/**").build();
    }

    @Bean
    GroupedOpenApi claimsApi() {
        return module("claims");
    }

    @Bean
    GroupedOpenApi marketApi() {
        return module("market");
    }

    @Bean
    GroupedOpenApi honoursApi() {
        return module("honours");
    }

    @Bean
    GroupedOpenApi noticeboardApi() {
        return module("noticeboard");
    }

    @Bean
    GroupedOpenApi statsApi() {
        return module("stats");
    }

    private static GroupedOpenApi module(String name) {
        return GroupedOpenApi.builder().group(name).packagesToScan("cn.jifen." + name).pathsToMatch("/api/**").build();
    }
}
