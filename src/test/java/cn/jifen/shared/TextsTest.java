package cn.jifen.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Texts refuses what no column can hold in services too, not only at the web edge. */
class TextsTest {

    @Test
    void aLoneSurrogateOrANulIsRefusedWithTheUnstorableTextMessage() {
        for (String bad : List.of("李\uD800四", "李\u0000四", "\uDC00")) {
            List<InvalidInput.Problem> problems = new ArrayList<>();
            assertThat(Texts.name("name", bad, 50, problems)).isNull();
            assertThat(problems).extracting(InvalidInput.Problem::messageKey).containsExactly("error.text.unsafe");
        }
    }

    @Test
    void aPairedSurrogateIsOrdinaryText() {
        List<InvalidInput.Problem> problems = new ArrayList<>();
        assertThat(Texts.name("name", "王\uD840\uDC0B", 50, problems)).isEqualTo("王\uD840\uDC0B");
        assertThat(problems).isEmpty();
    }
}
