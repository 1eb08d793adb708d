package cn.jifen.honours.internal;

import cn.jifen.documents.PdfFonts;
import cn.jifen.documents.QrCodes;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import cn.jifen.honours.CertificateFacts;
import cn.jifen.honours.Honour;
import cn.jifen.honours.ReferenceCertificate;

/** Printed certificates: 正能量红人 (A4 landscape, framed) and the reference certificate 积分证明 (A4 portrait). */
public final class CertificatePdf {
    private static final Color RED = new Color(0xB3, 0x26, 0x1E);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private CertificatePdf() { }

    public static byte[] starPerson(Honour h, String villageName, String verifyUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4.rotate(), 60, 60, 50, 40);
        try {
            PdfWriter w = PdfWriter.getInstance(doc, out);
            doc.open();
            PdfContentByte cb = w.getDirectContent();
            cb.setColorStroke(RED);
            cb.setLineWidth(6);
            cb.rectangle(24, 24, PageSize.A4.getHeight() - 48, PageSize.A4.getWidth() - 48);
            cb.stroke();
            cb.setLineWidth(1.5f);
            cb.rectangle(34, 34, PageSize.A4.getHeight() - 68, PageSize.A4.getWidth() - 68);
            cb.stroke();
            Paragraph t = new Paragraph("荣 誉 证 书", new Font(PdfFonts.baseFont(), 40, Font.BOLD, RED));
            t.setAlignment(Element.ALIGN_CENTER);
            t.setSpacingAfter(24);
            doc.add(t);
            Paragraph body = new Paragraph(h.holderName() + " 同志：", PdfFonts.bold(22));
            body.setSpacingAfter(12);
            doc.add(body);
            Paragraph text = new Paragraph("    在" + villageName + h.periodLabel() + "正能量积分评比中，积极践行文明新风，"
                    + "积分名列前茅，被评为“正能量红人”。特发此证，以资鼓励。", PdfFonts.font(20));
            text.setLeading(34);
            doc.add(text);
            PdfPTable foot = new PdfPTable(new float[] {1.2f, 3f});
            foot.setWidthPercentage(100);
            foot.setSpacingBefore(36);
            PdfPCell qr = new PdfPCell();
            qr.setBorder(Rectangle.NO_BORDER);
            Image img = QrCodes.pdfImage(verifyUrl, 300);
            img.scaleAbsolute(96, 96);
            qr.addElement(img);
            qr.addElement(new Paragraph("扫码核验真伪", PdfFonts.font(10)));
            foot.addCell(qr);
            PdfPCell right = new PdfPCell();
            right.setBorder(Rectangle.NO_BORDER);
            right.setHorizontalAlignment(Element.ALIGN_RIGHT);
            Paragraph who = new Paragraph(villageName + "村民委员会", PdfFonts.bold(20));
            who.setAlignment(Element.ALIGN_RIGHT);
            right.addElement(who);
            Paragraph date = new Paragraph(h.awardedOn().format(DAY), PdfFonts.font(18));
            date.setAlignment(Element.ALIGN_RIGHT);
            right.addElement(date);
            Paragraph serial = new Paragraph("证书编号：" + h.serial(), PdfFonts.font(11));
            serial.setAlignment(Element.ALIGN_RIGHT);
            serial.setSpacingBefore(14);
            right.addElement(serial);
            foot.addCell(right);
            doc.add(foot);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render certificate", e);
        }
        return out.toByteArray();
    }

    public static byte[] reference(ReferenceCertificate c, String verifyUrl) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 56, 56, 50, 50);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph t = new Paragraph("积 分 证 明", new Font(PdfFonts.baseFont(), 28, Font.BOLD, RED));
            t.setAlignment(Element.ALIGN_CENTER);
            doc.add(t);
            Paragraph sn = new Paragraph("编号：" + c.serial(), PdfFonts.font(11));
            sn.setAlignment(Element.ALIGN_RIGHT);
            sn.setSpacingAfter(12);
            doc.add(sn);
            CertificateFacts f = c.facts();
            String subject = c.residentId() == null ? c.villageName() + "农户 " + c.holderName() + " 户（存折编号 "
                    + c.passbookNumber() + "）" : c.villageName() + "村民 " + c.holderName() + "（存折编号 " + c.passbookNumber() + "）";
            Paragraph p = new Paragraph("    兹证明 " + subject + " 在 " + c.periodFrom().format(DAY) + " 至 "
                    + c.periodTo().format(DAY) + " 期间，按本村积分细则累计积分 " + f.totalScore() + " 分，明细如下：",
                    PdfFonts.font(14));
            p.setLeading(26);
            p.setSpacingAfter(10);
            doc.add(p);
            PdfPTable table = new PdfPTable(new float[] {3f, 1.5f});
            table.setWidthPercentage(70);
            head(table, "积分类别");
            head(table, "积分");
            for (CertificateFacts.CategoryScore s : f.categories()) {
                cell(table, s.category());
                cell(table, String.valueOf(s.score()));
            }
            if (f.categories().isEmpty()) {
                cell(table, "（期间内无积分记录）");
                cell(table, "0");
            }
            cell(table, "合计");
            cell(table, String.valueOf(f.totalScore()));
            doc.add(table);
            doc.add(line("所获荣誉：" + (f.honours().isEmpty() ? "无" : String.join("；", f.honours()))));
            doc.add(line("一票否决：" + (f.vetoYears().isEmpty() ? "期间内无" : f.vetoYears() + "年有一票否决记录，当年不参评")));
            doc.add(line("账本校验：" + (f.ledgerIntact() ? "开具时本村积分账本校验通过（共核对 " + f.entriesChecked() + " 条记录）"
                    : "开具时本村积分账本校验未通过，请向村委会核实")));
            doc.add(line("证明用途：" + c.purpose().label() + (c.purposeNote() == null ? "" : "（" + c.purposeNote() + "）")));
            PdfPTable foot = new PdfPTable(new float[] {1.2f, 3f});
            foot.setWidthPercentage(100);
            foot.setSpacingBefore(30);
            PdfPCell qr = new PdfPCell();
            qr.setBorder(Rectangle.NO_BORDER);
            Image img = QrCodes.pdfImage(verifyUrl, 300);
            img.scaleAbsolute(100, 100);
            qr.addElement(img);
            qr.addElement(new Paragraph("扫码核验：" + verifyUrl, PdfFonts.font(7)));
            foot.addCell(qr);
            PdfPCell right = new PdfPCell();
            right.setBorder(Rectangle.NO_BORDER);
            Paragraph who = new Paragraph(c.villageName() + "村民委员会（盖章）", PdfFonts.bold(15));
            who.setAlignment(Element.ALIGN_RIGHT);
            right.addElement(who);
            Paragraph date = new Paragraph(c.issuedAt().toLocalDate().format(DAY), PdfFonts.font(14));
            date.setAlignment(Element.ALIGN_RIGHT);
            right.addElement(date);
            foot.addCell(right);
            doc.add(foot);
            Paragraph note = new Paragraph("本证明仅供上述用途使用。可扫描二维码或访问核验地址确认真伪；证明作废后核验页面会显示“已作废”。",
                    PdfFonts.font(9));
            note.setSpacingBefore(16);
            doc.add(note);
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render certificate", e);
        }
        return out.toByteArray();
    }

    private static Paragraph line(String s) {
        Paragraph p = new Paragraph(s, PdfFonts.font(13));
        p.setSpacingBefore(8);
        return p;
    }

    private static void head(PdfPTable t, String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.bold(12)));
        c.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
        c.setPadding(5);
        t.addCell(c);
    }

    private static void cell(PdfPTable t, String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.font(12)));
        c.setPadding(5);
        t.addCell(c);
    }
}
