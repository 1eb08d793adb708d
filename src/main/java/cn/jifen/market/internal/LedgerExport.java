package cn.jifen.market.internal;

import cn.jifen.market.Movement;
import cn.jifen.documents.PdfFonts;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.springframework.stereotype.Component;

/** The stock ledger (台账) of a date range as an Excel workbook and as a printable A4 PDF, oldest first. */
@Component
public class LedgerExport {
    public static final String[] HEADERS = {"日期", "物品", "类型", "变动", "结存", "状态", "金额（元）", "供货商/捐赠人", "资金来源",
            "原因/说明", "兑换单号", "经手人", "审批人"};

    private static Object[] cells(Movement m, Function<String, String> label) {
        return new Object[] {m.occurredOn().toString(), m.productName(), label.apply(m.kindKey()), m.quantity(),
                m.stockAfter(), label.apply(m.statusKey()), m.costYuan() == null ? null : m.costYuan().doubleValue(),
                m.supplier() != null ? m.supplier() : m.donor(), m.fundName(),
                m.counted() != null ? "实盘 " + m.counted() + "，账面 " + m.expected() + (m.reason() == null ? "" : "；" + m.reason())
                        : m.reason(),
                m.redemptionId(), m.createdBy(), m.decidedBy()};
    }

    public byte[] xlsx(String title, List<Movement> oldestFirst, Function<String, String> label) {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet("台账");
            sheet.createRow(0).createCell(0).setCellValue(title);
            Row head = sheet.createRow(1);
            for (int i = 0; i < HEADERS.length; i++) {
                head.createCell(i).setCellValue(HEADERS[i]);
            }
            int r = 2;
            for (Movement m : oldestFirst) {
                Row row = sheet.createRow(r++);
                Object[] c = cells(m, label);
                for (int i = 0; i < c.length; i++) {
                    if (c[i] instanceof Number n) {
                        row.createCell(i).setCellValue(n.doubleValue());
                    } else if (c[i] != null) {
                        // a leading = + - @ would make Excel read text as a formula
                        String s = c[i].toString();
                        row.createCell(i).setCellValue(s.matches("^[=+\\-@].*") ? "'" + s : s);
                    }
                }
            }
            for (int i = 0; i < HEADERS.length; i++) {
                sheet.setColumnWidth(i, 14 * 256);
            }
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write workbook", e);
        }
    }

    public byte[] pdf(String title, List<Movement> oldestFirst, Function<String, String> label, LocalDate printedOn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4.rotate(), 24, 24, 28, 28);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph t = new Paragraph(title, PdfFonts.bold(15));
            t.setAlignment(Element.ALIGN_CENTER);
            doc.add(t);
            Paragraph p = new Paragraph("打印日期：" + printedOn, PdfFonts.font(9));
            p.setAlignment(Element.ALIGN_RIGHT);
            p.setSpacingAfter(6);
            doc.add(p);
            PdfPTable table = new PdfPTable(new float[] {2f, 3f, 1.8f, 1.2f, 1.2f, 1.3f, 1.5f, 2.4f, 2f, 3.2f, 1.2f, 1.8f, 1.8f});
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            for (String h : HEADERS) {
                PdfPCell c = new PdfPCell(new Phrase(h, PdfFonts.bold(8.5f)));
                c.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
                table.addCell(c);
            }
            for (Movement m : oldestFirst) {
                for (Object c : cells(m, label)) {
                    table.addCell(new PdfPCell(new Phrase(c == null ? "" : c.toString(), PdfFonts.font(8.5f))));
                }
            }
            if (oldestFirst.isEmpty()) {
                PdfPCell none = new PdfPCell(new Phrase("本期没有库存变动", PdfFonts.font(9)));
                none.setColspan(HEADERS.length);
                table.addCell(none);
            }
            doc.add(table);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render ledger", e);
        }
        return out.toByteArray();
    }
}
