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
    GroupedOpenApi allApiDocs() {
        return GroupedOpenApi.builder().group("all").pathsToMatch("/api/**").build();
    }

    /** Org units, households, passbooks, accounts, tokens, rules and the ledger. */
    @Bean
    GroupedOpenApi coreApiDocs() {
        return GroupedOpenApi.builder().group("core").packagesToScan(
                "cn.jifen.directory", "cn.jifen.identity", "cn.jifen.rules", "cn.jifen.ledger").pathsToMatch("/api/**").build();
    }

    @Bean
    GroupedOpenApi claimsApiDocs() {
        return module("claims");
    }

    @Bean
    GroupedOpenApi marketApiDocs() {
        return module("market");
    }

    @Bean
    GroupedOpenApi honoursApiDocs() {
        return module("honours");
    }

    @Bean
    GroupedOpenApi noticeboardApiDocs() {
        return module("noticeboard");
    }

    @Bean
    GroupedOpenApi statsApiDocs() {
        return module("stats");
    }

    @Bean
    GroupedOpenApi partyApiDocs() {
        return module("party");
    }

    private static GroupedOpenApi module(String name) {
        return GroupedOpenApi.builder().group(name).packagesToScan("cn.jifen." + name).pathsToMatch("/api/**").build();
    }
}
