package cn.jifen.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Text stored as typed (a roster's "=…", "+…") is never a formula in a CSV export: it gets a leading apostrophe. */
class SheetsNeutraliseTest {

    @ParameterizedTest(name = "a cell starting with {0}")
    @ValueSource(strings = {"=", "+", "-", "@", "\t", "\r"})
    void formulaLikeTextIsNeutralisedInTheCsvExport(String lead) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Sheets s = Sheets.of("csv", out, ZoneId.of("Asia/Shanghai"))) {
            s.sheet("户", "地址");
            s.row(lead + "1+2");
            s.finish();
        }
        String csv = out.toString(StandardCharsets.UTF_8);
        assertThat(csv).contains("'" + lead + "1+2");
    }
}
