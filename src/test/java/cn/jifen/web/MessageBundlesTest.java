package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Every message with arguments formats them: a lone {@code '} in a MessageFormat pattern quotes what follows, so
 * "the county's range ± {2}" would show a literal "{2}" (it must be written {@code ''}). Each message of every bundle
 * (Chinese and English) is formatted with numbers for its arguments, and none may keep a placeholder.
 */
class MessageBundlesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d");

    @Test
    void everyMessageWithArgumentsFormatsThemAll() throws Exception {
        Resource[] bundles = new PathMatchingResourcePatternResolver().getResources("classpath*:messages*.properties");
        assertThat(bundles).hasSizeGreaterThan(10);
        Object[] args = {101, 102, 103, 104, 105, 106, 107, 108, 109, 110};
        List<String> unformatted = new ArrayList<>();
        int checked = 0;
        for (Resource bundle : bundles) {
            Properties p = new Properties();
            try (Reader r = new InputStreamReader(bundle.getInputStream(), StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Locale locale = bundle.getFilename().contains("_en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE;
            for (String key : p.stringPropertyNames()) {
                String pattern = p.getProperty(key);
                if (!PLACEHOLDER.matcher(pattern).find()) {
                    continue;    // shown as written (Spring formats a message only when it has arguments)
                }
                checked++;
                String shown = new MessageFormat(pattern, locale).format(args);
                if (PLACEHOLDER.matcher(shown).find()) {
                    unformatted.add(bundle.getFilename() + " " + key + " → " + shown);
                }
            }
        }
        assertThat(checked).isGreaterThan(100);
        assertThat(unformatted).as("write a literal ' as '' in these messages").isEmpty();
    }
}
