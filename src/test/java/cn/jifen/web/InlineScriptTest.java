package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The Content-Security-Policy allows scripts from the application's own files only, so an inline event handler
 * (onclick="...") is silently dead in the browser: no template may have one (use a data- attribute and a script).
 */
class InlineScriptTest {
    private static final Pattern HANDLER = Pattern.compile("<[^>]*\\s(on[a-z]+)\\s*=", Pattern.CASE_INSENSITIVE);

    @Test
    void noTemplateHasAnInlineEventHandler() throws Exception {
        Resource[] templates = new PathMatchingResourcePatternResolver().getResources("classpath*:templates/**/*.html");
        assertThat(templates).hasSizeGreaterThan(20);
        List<String> found = new ArrayList<>();
        for (Resource t : templates) {
            Matcher m = HANDLER.matcher(t.getContentAsString(StandardCharsets.UTF_8));
            while (m.find()) {
                found.add(t.getFilename() + ": " + m.group(1));
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theRankingsPrintButtonIsWiredByTheSharedScript() throws Exception {
        Resource rankings = new PathMatchingResourcePatternResolver().getResource("classpath:templates/rankings.html");
        assertThat(rankings.getContentAsString(StandardCharsets.UTF_8)).contains("data-print");
        Resource js = new PathMatchingResourcePatternResolver().getResource("classpath:static/js/jifen.js");
        assertThat(js.getContentAsString(StandardCharsets.UTF_8)).contains("[data-print]").contains("window.print()");
    }
}
