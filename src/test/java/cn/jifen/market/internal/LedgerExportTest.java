package cn.jifen.market.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.market.Movement;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/** The 台账 export: a workbook with one row per movement and a printable PDF, text never read as a formula. */
class LedgerExportTest {
    private final LedgerExport export = new LedgerExport();

    private static Movement movement(String kind, int quantity, String supplier, String reason) {
        return new Movement(1, 7, 1, 3, "大米", "袋", kind, quantity, "APPLIED", 10 + quantity,
                supplier == null ? null : new BigDecimal("320.00"), supplier, supplier == null ? null : 2L,
                supplier == null ? null : "村集体资金", null, reason, null, null, null, LocalDate.of(2026, 11, 27),
                "keeper", OffsetDateTime.now(), null, null, null);
    }

    @Test
    void theWorkbookHasATitleHeadersAndOneRowPerMovement() throws Exception {
        List<Movement> rows = List.of(movement("PURCHASE", 10, "供销社", null), movement("LOSS", -1, null, "=HYPERLINK(\"x\")"));
        byte[] xlsx = export.xlsx("测试超市 台账", rows, key -> key.endsWith("PURCHASE") ? "采购入库" : key);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = wb.getSheetAt(0);
            assertThat(sheet.getRow(0).getCell(0).getStringCellValue()).isEqualTo("测试超市 台账");
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("日期");
            assertThat(sheet.getRow(2).getCell(2).getStringCellValue()).isEqualTo("采购入库");
            assertThat(sheet.getRow(2).getCell(3).getNumericCellValue()).isEqualTo(10);
            assertThat(sheet.getRow(2).getCell(6).getNumericCellValue()).isEqualTo(320.0);
            assertThat(sheet.getRow(3).getCell(9).getStringCellValue()).startsWith("'=");
            assertThat(sheet.getLastRowNum()).isEqualTo(3);
        }
    }

    @Test
    void thePdfPrintsTheRows() throws Exception {
        byte[] pdf = export.pdf("测试超市 台账", List.of(movement("PURCHASE", 10, "供销社", null)), k -> "采购入库",
                LocalDate.of(2026, 11, 28));
        var reader = new PdfReader(pdf);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("测试超市").contains("大米").contains("供销社");
        reader.close();
    }
}
