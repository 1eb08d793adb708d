package cn.jifen.documents;

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
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A printable passbook statement (积分存折明细), A4 portrait, like a bank passbook's pages. */
public final class PassbookStatement {
    /** One printed line: amount positive for income, negative for spending or deduction. */
    public record Line(LocalDate date, String item, long amount, long balanceAfter, String recordedBy, String note) { }

    public record Data(String villageLine, String passbookNumber, String headName, long available, long yearScore,
                       int year, List<Line> lines, LocalDate printedOn) { }

    private PassbookStatement() { }

    public static byte[] render(Data d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 36, 36, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph title = new Paragraph("积分存折明细", PdfFonts.bold(20));
            title.setAlignment(Element.ALIGN_CENTER);
            doc.add(title);
            Paragraph who = new Paragraph(nz(d.villageLine()) + "    存折编号：" + nz(d.passbookNumber())
                    + "    户主：" + nz(d.headName()), PdfFonts.font(11));
            who.setAlignment(Element.ALIGN_CENTER);
            who.setSpacingAfter(4);
            doc.add(who);
            Paragraph sums = new Paragraph("可用积分：" + d.available() + "    " + d.year() + "年累计积分：" + d.yearScore()
                    + "    打印日期：" + d.printedOn().format(DateTimeFormatter.ofPattern("yyyy年M月d日")), PdfFonts.font(11));
            sums.setAlignment(Element.ALIGN_CENTER);
            sums.setSpacingAfter(10);
            doc.add(sums);
            PdfPTable table = new PdfPTable(new float[] {2.2f, 5f, 1.6f, 1.6f, 1.8f, 2.2f});
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            for (String h : new String[] {"日期", "事项", "收入", "支出", "余额", "记录人"}) {
                PdfPCell c = new PdfPCell(new Phrase(h, PdfFonts.bold(11)));
                c.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
                c.setPadding(5);
                table.addCell(c);
            }
            DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyy-MM-dd");
            for (Line l : d.lines()) {
                table.addCell(cell(l.date().format(day)));
                table.addCell(cell(nz(l.item()) + (l.note() == null || l.note().isBlank() ? "" : "（" + l.note() + "）")));
                table.addCell(cell(l.amount() > 0 ? "+" + l.amount() : ""));
                table.addCell(cell(l.amount() < 0 ? String.valueOf(l.amount()) : (l.amount() == 0 ? "0" : "")));
                table.addCell(cell(String.valueOf(l.balanceAfter())));
                table.addCell(cell(nz(l.recordedBy())));
            }
            if (d.lines().isEmpty()) {
                PdfPCell none = cell("暂无记录");
                none.setColspan(6);
                table.addCell(none);
            }
            doc.add(table);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render statement", e);
        }
        return out.toByteArray();
    }

    private static PdfPCell cell(String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.font(10.5f)));
        c.setPadding(4);
        return c;
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }
}
