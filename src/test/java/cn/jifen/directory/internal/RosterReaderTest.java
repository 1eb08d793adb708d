package cn.jifen.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** Reading roster files: type by content, header by name, cell values as a clerk typed them. */
public class RosterReaderTest {
    private static final int MAX = 20_000;

    @Test
    void readsAnXlsxWithColumnsInAnyOrderAndATitleRowAboveTheHeader() {
        byte[] file = Files.xlsx(List.of(
                new Object[] {"龙南村花名册（2026年）"},
                new Object[] {"姓名", "户编号*", "网格", "家庭住址", "与户主关系", "性别", "出生年份", "备注"},
                new Object[] {"陈建国", "001", "第一网格", "1队1号", "户主", "男", 1960, "随便写"}));

        RosterReader.Sheet sheet = RosterReader.read(file, MAX);

        assertThat(sheet.issues()).isEmpty();
        assertThat(sheet.rows()).hasSize(1);
        RosterRow row = sheet.rows().get(0);
        assertThat(row.number()).isEqualTo(3);
        assertThat(row.get(RosterColumn.NAME)).isEqualTo("陈建国");
        assertThat(row.get(RosterColumn.REF)).isEqualTo("001");
        assertThat(row.get(RosterColumn.BIRTH_YEAR)).isEqualTo("1960");
        assertThat(sheet.columns()).doesNotContain(RosterColumn.PHONE);
    }

    @Test
    void theFirstSheetWithARosterHeaderIsRead() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet help = wb.createSheet("说明");
            help.createRow(0).createCell(0).setCellValue("第一行为表头");
            help.createRow(1).createCell(0).setCellValue("户编号");
            Sheet roster = wb.createSheet("花名册");
            Files.header(roster.createRow(0), Files.HEADER);
            roster.createRow(1).createCell(4).setCellValue("陈建国");

            RosterReader.Sheet sheet = RosterReader.read(Files.bytes(wb), MAX);

            assertThat(sheet.issues()).isEmpty();
            assertThat(sheet.rows()).extracting(r -> r.get(RosterColumn.NAME)).containsExactly("陈建国");
        }
    }

    @Test
    void numbersBecomePlainDigitsWhateverTheirCellFormat() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            Sheet s = wb.createSheet();
            Files.header(s.createRow(0), Files.HEADER);
            Row r = s.createRow(1);
            CellStyle thousands = wb.createCellStyle();
            thousands.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            r.createCell(0).setCellValue(7);                          // 户编号 typed as a number
            r.createCell(7).setCellValue(1960.0);                     // 出生年份
            Cell phone = r.createCell(8);
            phone.setCellValue(13912345678d);                         // 手机号 stored as a number
            phone.setCellStyle(thousands);
            r.createCell(4).setCellValue(true);                       // a boolean where a name should be

            RosterRow row = RosterReader.read(Files.bytes(wb), MAX).rows().get(0);

            assertThat(row.get(RosterColumn.REF)).isEqualTo("7");
            assertThat(row.get(RosterColumn.BIRTH_YEAR)).isEqualTo("1960");
            assertThat(row.get(RosterColumn.PHONE)).isEqualTo("13912345678");
            assertThat(row.get(RosterColumn.NAME)).isEqualTo("TRUE");
        }
    }

    @Test
    void formulaCellsAreFlaggedWithTheirColumn() {
        byte[] file = Files.xlsx(List.of(Files.HEADER.toArray(),
                Files.person("001", "G1", "1队1号", "陈建国", "户主", "男", "=1900+60", "", "")));

        RosterRow row = RosterReader.read(file, MAX).rows().get(0);

        assertThat(row.formulas()).containsExactly(RosterColumn.BIRTH_YEAR);
    }

    @Test
    void legacyXlsIsRefusedByItsContentWhateverItsName() {
        byte[] ole2 = new byte[1024];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, ole2, 0, magic.length);

        assertThat(fileProblem(ole2)).isEqualTo("error.import.type");
    }

    @Test
    void aPngRenamedToXlsxIsRefused() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", png);

        assertThat(fileProblem(png.toByteArray())).isEqualTo("error.import.type");
    }

    @Test
    void randomBinaryAndHtmlAreRefused() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 0x01;

        assertThat(fileProblem(noise)).isEqualTo("error.import.type");
        assertThat(fileProblem("<html><table><tr><td>户编号</td></tr></table></html>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("error.import.type");
    }

    @Test
    void aTruncatedWorkbookIsReportedAsBroken() {
        byte[] file = Files.xlsx(List.of(Files.HEADER.toArray(),
                Files.person("001", "G1", "1队1号", "陈建国", "户主", "男", 1960, "", "")));

        assertThat(fileProblem(Arrays.copyOf(file, file.length / 2))).isEqualTo("error.import.broken");
    }

    @Test
    void aZipThatIsNoWorkbookIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("hello".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThat(fileProblem(out.toByteArray())).isIn("error.import.type", "error.import.broken");
    }

    @Test
    void csvInUtf8WithBomAndInGb18030ReadsTheSameChinese() {
        String csv = String.join(",", Files.HEADER) + "\r\n001,G1,石角镇1队1号,否,陈建国,户主,男,1960,,,否,,否\r\n";
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = concat(bom, csv.getBytes(StandardCharsets.UTF_8));
        byte[] gb = csv.getBytes(Charset.forName("GB18030"));

        for (byte[] file : List.of(utf8, gb)) {
            RosterReader.Sheet sheet = RosterReader.read(file, MAX);
            assertThat(sheet.issues()).isEmpty();
            assertThat(sheet.rows().get(0).get(RosterColumn.ADDRESS)).isEqualTo("石角镇1队1号");
            assertThat(sheet.rows().get(0).get(RosterColumn.NAME)).isEqualTo("陈建国");
        }
    }

    @Test
    void csvRowNumbersMatchExcelsEvenWithBlankLinesAndQuotedLineBreaks() {
        String csv = String.join(",", Files.HEADER) + "\n\n001,G1,\"1队\n1号\",否,陈建国,户主,男,1960\n002,G1,2号,否,李四,户主,男,1961\n";

        List<RosterRow> rows = RosterReader.read(csv.getBytes(StandardCharsets.UTF_8), MAX).rows();

        assertThat(rows).extracting(RosterRow::number).containsExactly(3, 4);
    }

    @Test
    void csvCellsStartingWithEqualsAreTextNotFormulas() {
        // a CSV holds no formulas (docs/input-rules.md): the text is kept as typed, exports neutralise it
        String csv = String.join(",", Files.HEADER) + "\n001,G1,1号,否,\"=HYPERLINK(\"\"x\"\")\",户主,男,1960\n";

        RosterRow row = RosterReader.read(csv.getBytes(StandardCharsets.UTF_8), MAX).rows().get(0);
        assertThat(row.formulas()).isEmpty();
        assertThat(row.get(RosterColumn.NAME)).isEqualTo("=HYPERLINK(\"x\")");
    }

    @Test
    void aMissingRequiredColumnIsNamed() {
        byte[] csv = "户编号,姓名,网格,家庭住址,性别,出生年份\n001,陈建国,G1,1号,男,1960\n".getBytes(StandardCharsets.UTF_8);

        RosterReader.Sheet sheet = RosterReader.read(csv, MAX);

        assertThat(sheet.fatal()).isTrue();
        assertThat(sheet.issues()).extracting(RosterIssue::row, RosterIssue::column, RosterIssue::key)
                .containsExactly(Tuple.tuple(1, "与户主关系", "error.import.header"));
    }

    @Test
    void rowsBeyondTheCapStopTheReadWithOneProblem() {
        StringBuilder csv = new StringBuilder(String.join(",", Files.HEADER)).append('\n');
        for (int i = 0; i < 11; i++) {
            csv.append("R").append(i).append(",G1,1号,否,某人,户主,男,1960\n");
        }
        RosterReader.Sheet sheet = RosterReader.read(csv.toString().getBytes(StandardCharsets.UTF_8), 10);

        assertThat(sheet.fatal()).isTrue();
        assertThat(sheet.issues()).extracting(RosterIssue::key).containsExactly("error.import.tooManyRows");
    }

    @Test
    void anEmptyFileOrAHeaderWithoutRowsIsEmpty() {
        assertThat(fileProblem(new byte[0])).isEqualTo("error.import.empty");
        assertThat(fileProblem((String.join(",", Files.HEADER) + "\n\n").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("error.import.empty");
    }

    private static String fileProblem(byte[] content) {
        RosterReader.Sheet sheet = RosterReader.read(content, MAX);
        assertThat(sheet.fatal()).as("fatal").isTrue();
        assertThat(sheet.issues()).hasSize(1);
        assertThat(sheet.issues().get(0).row()).isZero();
        return sheet.issues().get(0).key();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Builds roster files for the roster tests. */
    public static final class Files {
        public static final List<String> HEADER = List.of("户编号", "网格", "家庭住址", "低收入户", "姓名", "与户主关系", "性别",
                "出生年份", "手机号", "身份证号", "党员", "所在党支部", "残疾人");

        private Files() { }

        /** One person's row in HEADER order (low-income, party member and disabled: 否). */
        public static Object[] person(String ref, String grid, String address, String name, String relation, String gender,
                               Object birthYear, String phone, String idCard) {
            return new Object[] {ref, grid, address, "否", name, relation, gender, birthYear, phone, idCard, "否", "", "否"};
        }

        /** A workbook whose first sheet holds the rows; numbers become numeric cells, "=…" formulas. */
        public static byte[] xlsx(List<Object[]> rows) {
            try (XSSFWorkbook wb = new XSSFWorkbook()) {
                Sheet s = wb.createSheet("花名册");
                for (int r = 0; r < rows.size(); r++) {
                    Row row = s.createRow(r);
                    Object[] values = rows.get(r);
                    for (int c = 0; c < values.length; c++) {
                        Object v = values[c];
                        if (v == null || "".equals(v)) {
                            continue;
                        }
                        Cell cell = row.createCell(c);
                        if (v instanceof Number n) {
                            cell.setCellValue(n.doubleValue());
                        } else if (v.toString().startsWith("=")) {
                            cell.setCellFormula(v.toString().substring(1));
                        } else {
                            cell.setCellValue(v.toString());
                        }
                    }
                }
                return bytes(wb);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public static byte[] xlsx(Object[]... rows) {
            List<Object[]> all = new ArrayList<>();
            all.add(HEADER.toArray());
            all.addAll(List.of(rows));
            return xlsx(all);
        }

        /** A CSV of the rows under HEADER. */
        public static String csv(Object[]... rows) {
            StringBuilder b = new StringBuilder(String.join(",", HEADER)).append("\r\n");
            for (Object[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    String v = r[i] == null ? "" : r[i].toString();
                    b.append(v.contains(",") || v.contains("\"") ? "\"" + v.replace("\"", "\"\"") + "\"" : v);
                }
                b.append("\r\n");
            }
            return b.toString();
        }

        public static void header(Row row, List<String> names) {
            for (int i = 0; i < names.size(); i++) {
                row.createCell(i).setCellValue(names.get(i));
            }
        }

        public static byte[] bytes(XSSFWorkbook wb) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            return out.toByteArray();
        }

        /** A valid 18-digit ID card number (GB 11643 check digit) from 17 digits. */
        public static String idCard(String first17) {
            int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
            int sum = 0;
            for (int i = 0; i < 17; i++) {
                sum += (first17.charAt(i) - '0') * w[i];
            }
            return first17 + "10X98765432".charAt(sum % 11);
        }
    }
}
