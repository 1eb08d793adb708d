package cn.jifen.meetings.internal;

import cn.jifen.documents.PdfFonts;
import cn.jifen.meetings.AgendaItem;
import cn.jifen.meetings.Attendee;
import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.MeetingDetail;
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
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * A meeting's minutes (会议纪要, A4): village, date, place, chair, attendance, each agenda item with its votes and
 * outcome, and signature lines for every member present and for the chair. Texts come from the message bundle.
 */
final class MinutesPdf {
    private MinutesPdf() { }

    static byte[] render(MeetingDetail d, BiFunction<String, Object[], String> msg) {
        Meeting m = d.meeting();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 36, 36, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph title = new Paragraph(msg.apply("meetings.pdf.title", new Object[] {m.villageName()}),
                    PdfFonts.bold(18));
            title.setAlignment(Element.ALIGN_CENTER);
            title.setSpacingAfter(8);
            doc.add(title);
            doc.add(line(msg.apply("meetings.pdf.when", new Object[] {m.heldOn().toString(), m.place()})));
            doc.add(line(msg.apply("meetings.pdf.chair", new Object[] {m.chairName() == null ? "" : m.chairName()})));
            String present = d.attendance().stream().filter(Attendee::present).map(a -> a.name() + "（" + a.duty() + "）")
                    .collect(Collectors.joining("、"));
            String absent = d.attendance().stream().filter(a -> !a.present()).map(Attendee::name)
                    .collect(Collectors.joining("、"));
            doc.add(line(msg.apply("meetings.pdf.attendance", new Object[] {m.present(), m.panelSize(), present})));
            doc.add(line(msg.apply("meetings.pdf.absent", new Object[] {absent.isEmpty() ? "—" : absent})));
            PdfPTable table = new PdfPTable(new float[] {0.7f, 4.2f, 3.6f, 2.8f});
            table.setWidthPercentage(100);
            table.setHeaderRows(1);
            table.setSpacingBefore(10);
            for (String h : new String[] {"#", msg.apply("meetings.pdf.item", new Object[0]),
                    msg.apply("meetings.pdf.votes", new Object[0]), msg.apply("meetings.pdf.outcome", new Object[0])}) {
                PdfPCell c = new PdfPCell(new Phrase(h, PdfFonts.bold(11)));
                c.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
                c.setPadding(5);
                table.addCell(c);
            }
            for (AgendaItem i : d.items()) {
                table.addCell(cell(String.valueOf(i.seq())));
                table.addCell(cell(msg.apply(i.kindKey(), new Object[0]) + "：" + i.label() + "（"
                        + msg.apply("meetings.pdf.points", new Object[] {i.points()}) + "）"));
                String votes = i.votes().stream().map(v -> v.memberName() + " " + msg.apply(v.choice().messageKey(),
                        new Object[0]) + (v.points() == null ? "" : " " + v.points())).collect(Collectors.joining("；"));
                table.addCell(cell(votes.isEmpty() ? "—" : votes));
                table.addCell(cell(outcome(i, msg)));
            }
            doc.add(table);
            Paragraph sign = new Paragraph(msg.apply("meetings.pdf.signHelp", new Object[0]), PdfFonts.font(11));
            sign.setSpacingBefore(20);
            doc.add(sign);
            PdfPTable signatures = new PdfPTable(new float[] {3f, 4f});
            signatures.setWidthPercentage(100);
            signatures.setSpacingBefore(6);
            for (Attendee a : d.attendance()) {
                if (a.present()) {
                    signatures.addCell(cell(a.name() + "（" + a.duty() + "）"));
                    PdfPCell blank = cell(" ");
                    blank.setMinimumHeight(28);
                    signatures.addCell(blank);
                }
            }
            doc.add(signatures);
            Paragraph chair = new Paragraph(msg.apply("meetings.pdf.chairSign", new Object[0]), PdfFonts.font(12));
            chair.setSpacingBefore(24);
            doc.add(chair);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render minutes", e);
        }
        return out.toByteArray();
    }

    private static String outcome(AgendaItem i, BiFunction<String, Object[], String> msg) {
        if (i.outcome() == null) {
            return msg.apply("meetings.outcome.pending", new Object[0]);
        }
        String o = msg.apply("meetings.outcome." + i.outcome(), new Object[0])
                + (i.outcomePoints() == null ? "" : " " + i.outcomePoints());
        if (i.applied()) {
            o += "；" + msg.apply("meetings.appliedBy", new Object[] {i.appliedBy()});
        }
        if (i.noteKey() != null) {
            o += "；" + msg.apply(i.noteKey(), new Object[0]);
        }
        return o;
    }

    private static Paragraph line(String s) {
        Paragraph p = new Paragraph(s, PdfFonts.font(12));
        p.setSpacingAfter(3);
        return p;
    }

    private static PdfPCell cell(String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.font(10)));
        c.setPadding(5);
        return c;
    }
}
