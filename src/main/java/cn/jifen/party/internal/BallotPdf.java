package cn.jifen.party.internal;

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
import java.util.List;
import java.util.function.BiFunction;

/**
 * The printable 民主评议 ballot (A4): the village's members by branch with a box for each mark, and lines for the
 * voter's name and the date. Staff enter the filled-in ballots later on the paper-ballot page. Texts come from the
 * message bundle through {@code msg} (key, arguments).
 */
final class BallotPdf {
    record Member(String name, String branch) { }

    private BallotPdf() { }

    static byte[] render(String villageName, int year, List<Member> members, BiFunction<String, Object[], String> msg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 36, 36, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph title = new Paragraph(msg.apply("party.pdf.title", new Object[] {villageName, year}), PdfFonts.bold(18));
            title.setAlignment(Element.ALIGN_CENTER);
            title.setSpacingAfter(6);
            doc.add(title);
            Paragraph help = new Paragraph(msg.apply("party.pdf.help", new Object[0]), PdfFonts.font(11));
            help.setSpacingAfter(10);
            doc.add(help);
            PdfPTable table = new PdfPTable(new float[] {1f, 3f, 3.5f, 1.6f, 1.6f, 1.9f, 1.6f});
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            String[] heads = {"#", msg.apply("party.name", new Object[0]), msg.apply("party.branch", new Object[0]),
                    msg.apply("party.mark.EXCELLENT", new Object[0]), msg.apply("party.mark.GOOD", new Object[0]),
                    msg.apply("party.mark.BASIC", new Object[0]), msg.apply("party.mark.POOR", new Object[0])};
            for (String h : heads) {
                PdfPCell c = new PdfPCell(new Phrase(h, PdfFonts.bold(11)));
                c.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
                c.setPadding(5);
                c.setHorizontalAlignment(Element.ALIGN_CENTER);
                table.addCell(c);
            }
            int i = 0;
            for (Member m : members) {
                table.addCell(cell(String.valueOf(++i)));
                table.addCell(cell(m.name()));
                table.addCell(cell(m.branch() == null ? "" : m.branch()));
                for (int k = 0; k < 4; k++) {
                    table.addCell(cell("□"));
                }
            }
            doc.add(table);
            Paragraph sign = new Paragraph(msg.apply("party.pdf.sign", new Object[0]), PdfFonts.font(12));
            sign.setSpacingBefore(24);
            doc.add(sign);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render ballot", e);
        }
        return out.toByteArray();
    }

    private static PdfPCell cell(String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.font(11)));
        c.setPadding(6);
        c.setHorizontalAlignment(Element.ALIGN_CENTER);
        return c;
    }
}
