package cn.jifen.market.internal;

import cn.jifen.market.Redemption;
import cn.jifen.documents.PdfFonts;
import cn.jifen.documents.QrCodes;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import org.springframework.stereotype.Component;
import com.lowagie.text.Font;

/**
 * Redemption receipts: an 80 mm ticket (for a thermal printer) and an A5 page. Both list the goods,
 * points, balance after, keeper, time and the ledger posting reference.
 */
@Component
public class Receipts {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final float MM = 72f / 25.4f;

    public byte[] render(Redemption r, boolean a5) {
        Rectangle size = a5 ? PageSize.A5 : new Rectangle(80 * MM, (110 + 9 * r.lines().size()) * MM);
        float margin = a5 ? 36 : 4 * MM;
        float base = a5 ? 11 : 8.5f;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(size, margin, margin, margin, margin);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            center(doc, r.supermarketName(), PdfFonts.bold(base + 3));
            center(doc, r.cancelled() ? "积分兑换小票（已撤销）" : "积分兑换小票", PdfFonts.bold(base + 1));
            doc.add(new Paragraph(" ", PdfFonts.font(base / 2)));
            line(doc, "时间：" + r.createdAt().format(TIME), base);
            line(doc, "存折编号：" + r.passbookNumber(), base);
            line(doc, "户主：" + (r.householdName() == null ? "—" : r.householdName()), base);
            doc.add(new Paragraph(" ", PdfFonts.font(base / 2)));
            PdfPTable t = new PdfPTable(a5 ? new float[] {5f, 1.4f, 1.6f, 1.8f} : new float[] {4.2f, 1.2f, 1.6f, 1.8f});
            t.setWidthPercentage(100);
            for (String h : new String[] {"物品", "数量", "单价", "积分"}) {
                PdfPCell c = cell(h, PdfFonts.bold(base), a5);
                if (a5) {
                    c.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
                }
                t.addCell(c);
            }
            for (Redemption.Line l : r.lines()) {
                t.addCell(cell(l.productName(), PdfFonts.font(base), a5));
                t.addCell(cell(l.quantity() + l.unit(), PdfFonts.font(base), a5));
                t.addCell(cell(String.valueOf(l.unitPoints()), PdfFonts.font(base), a5));
                t.addCell(cell(String.valueOf(l.points()), PdfFonts.font(base), a5));
            }
            doc.add(t);
            doc.add(new Paragraph(" ", PdfFonts.font(base / 2)));
            if (r.toppedUp()) {
                line(doc, "物品合计：" + r.goodsPoints() + " 分", base);
                line(doc, "现金补差价：" + r.cashYuan().toPlainString() + " 元", base + 1, true);
            }
            line(doc, "合计扣减积分：" + r.points() + " 分", base + 1, true);
            line(doc, "兑换后可用积分：" + r.balanceAfter() + " 分", base + 1, true);
            line(doc, "超市管理员：" + r.keeperName(), base);
            line(doc, "记账编号：" + r.postingId(), base - 1);
            if (r.cancelled()) {
                line(doc, "已于 " + (r.cancelledAt() == null ? "" : r.cancelledAt().atZoneSameInstant(r.createdAt().getOffset())
                        .format(TIME)) + " 由 " + r.cancelledBy() + " 撤销：" + r.cancelReason(), base);
            }
            Image qr = QrCodes.pdfImage(r.postingId().toString(), 240);
            qr.scaleAbsolute(a5 ? 80 : 22 * MM, a5 ? 80 : 22 * MM);
            qr.setAlignment(Element.ALIGN_CENTER);
            doc.add(qr);
            center(doc, "请妥善保管，积分变动可在积分存折中查看", PdfFonts.font(base - 1));
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render receipt", e);
        }
        return out.toByteArray();
    }

    private static void center(Document doc, String text, Font font) throws DocumentException {
        Paragraph p = new Paragraph(text, font);
        p.setAlignment(Element.ALIGN_CENTER);
        doc.add(p);
    }

    private static void line(Document doc, String text, float size) throws DocumentException {
        line(doc, text, size, false);
    }

    private static void line(Document doc, String text, float size, boolean bold) throws DocumentException {
        doc.add(new Paragraph(text, bold ? PdfFonts.bold(size) : PdfFonts.font(size)));
    }

    private static PdfPCell cell(String s, Font font, boolean boxed) {
        PdfPCell c = new PdfPCell(new Phrase(s, font));
        c.setPadding(boxed ? 4 : 1.5f);
        if (!boxed) {
            c.setBorder(Rectangle.NO_BORDER);
        }
        return c;
    }
}
