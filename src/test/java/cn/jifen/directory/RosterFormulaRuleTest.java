package cn.jifen.directory;

import static cn.jifen.directory.internal.RosterReaderTest.Files.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.jifen.directory.RosterImport.Outcome;
import cn.jifen.directory.RosterImport.RowProblem;
import cn.jifen.directory.internal.RosterImportTest;
import cn.jifen.directory.internal.RosterReaderTest.Files;
import cn.jifen.shared.Actor;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The one rule for formula-like text in a roster (docs/input-rules.md): what the clerk sees in Excel is
 * what is imported. Text — a CSV cell, or an .xlsx text cell — that starts with = + - @ is text, stored
 * as typed (every export neutralises it); a real formula cell of an .xlsx is refused, because its value
 * is a computation, not what was typed. Text no column can hold (NUL) is refused at its row and column.
 */
@IntegrationTest
class RosterFormulaRuleTest extends Db {

    @Autowired RosterImport rosters;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    OrgUnit village;
    String g1;
    Actor clerk;

    @BeforeEach
    void ownVillage() {
        village = RosterImportTest.newVillage(orgUnits);
        g1 = village.code() + "-G1";
        clerk = RosterImportTest.clerkOf(village);
    }

    /** An .xlsx whose cells are all text cells (even "=…"), as Excel stores text typed after an apostrophe. */
    static byte[] textXlsx(Object[]... rows) {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet s = wb.createSheet("花名册");
            List<Object[]> all = new ArrayList<>();
            all.add(Files.HEADER.toArray());
            all.addAll(List.of(rows));
            for (int r = 0; r < all.size(); r++) {
                Row row = s.createRow(r);
                for (int c = 0; c < all.get(r).length; c++) {
                    Object v = all.get(r)[c];
                    if (v != null && !"".equals(v)) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            return Files.bytes(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Outcome run(String format, Object[]... rows) {
        byte[] file = "csv".equals(format) ? Files.csv(rows).getBytes(StandardCharsets.UTF_8) : textXlsx(rows);
        return rosters.importRoster(clerk, village.code(), "花名册." + format, file);
    }

    private long households() {
        return jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single();
    }

    static Stream<Arguments> leadingCharacters() {
        List<Arguments> all = new ArrayList<>();
        for (String format : List.of("csv", "xlsx")) {
            for (String lead : List.of("=", "+", "-", "@")) {
                all.add(Arguments.of(format, lead));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: text starting with {1} is imported as typed")
    @MethodSource("leadingCharacters")
    void formulaLikeTextIsImportedAsTextInBothFormats(String format, String lead) {
        String address = lead + "1+2 一组";
        String name = lead + "HYPERLINK(\"x\")";

        Outcome outcome = run(format, person("001", g1, address, name, "户主", "男", "1960", "", ""));

        assertThat(outcome.problems()).isEmpty();
        Household h = households.byPassbook(clerk, village.code() + "-0001");
        assertThat(h.address()).isEqualTo(address);
        assertThat(h.headName()).isEqualTo(name);
    }

    @ParameterizedTest(name = "{0}: a mobile number with +86 is a phone number, not a formula")
    @MethodSource("formats")
    void aMobileNumberWithTheCountryCodeIsAcceptedInBothFormats(String format) {
        Outcome outcome = run(format, person("001", g1, "1号", "陈建国", "户主", "男", "1960", "+8613800138000", ""));

        assertThat(outcome.problems()).isEmpty();
        assertThat(households.byPassbook(clerk, village.code() + "-0001").head().phone()).isEqualTo("13800138000");
    }

    static Stream<String> formats() {
        return Stream.of("csv", "xlsx");
    }

    @Test
    void aFormulaCellOfAWorkbookIsRefusedInEveryColumnItIn() {
        Outcome outcome = rosters.importRoster(clerk, village.code(), "花名册.xlsx", Files.xlsx(
                person("001", g1, "=\"1\"&\"号\"", "陈建国", "户主", "男", 1960, "", ""),
                person("002", g1, "2号", "=CONCAT(\"李\",\"四\")", "户主", "男", 1961, "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(2, "家庭住址", "error.import.formula"), tuple(3, "姓名", "error.import.formula"));
        assertThat(households()).isZero();
    }

    @Test
    void aNulInACsvCellIsRefusedWithItsRowAndColumn() {
        Outcome outcome = run("csv", person("001", g1, "1号", "陈建国", "户主", "男", "1960", "", ""),
                person("002", g1, "2号", "李\u0000四", "户主", "男", "1961", "", ""));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(3, "姓名", "error.import.unsafeText"));
        assertThat(outcome.problems().get(0).message()).contains("无法保存的字符");
        assertThat(households()).isZero();
    }

    @Test
    void aNulInAYesNoCellGetsOneMessageNotTwo() {
        Object[] row = person("002", g1, "2号", "李四", "户主", "男", "1961", "", "");
        row[3] = "否\u0000";   // 低收入户
        Outcome outcome = run("csv", person("001", g1, "1号", "陈建国", "户主", "男", "1960", "", ""), row);

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(3, "低收入户", "error.import.unsafeText"));
        assertThat(households()).isZero();
    }

    /** XML cannot hold a NUL: whatever a workbook writer makes of it, no NUL reaches the database. */
    @Test
    void aNulTypedIntoAWorkbookNeverReachesTheDatabase() {
        run("xlsx", person("001", g1, "1号", "李\u0000四", "户主", "男", "1960", "", ""));

        assertThat(jdbc.sql("SELECT name FROM resident WHERE village_id = :v").param("v", village.id())
                .query(String.class).list()).noneMatch(n -> n.indexOf('\u0000') >= 0);
    }
}
