package cn.jifen.noticeboard.internal;

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
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.time.format.DateTimeFormatter;
import java.util.List;
import cn.jifen.noticeboard.BoardView;

/**
 * The board as a printable poster for the village's physical notice board: A3 or A4 portrait, the
 * bundled CJK font embedded, a QR code to the online board and the date printed. People appear exactly
 * as on the online board (the same {@link BoardView}, already masked).
 */
public final class PosterPdf {
    private static final Color RED = new Color(0xB3, 0x26, 0x1E);
    private static final Color HEAD = new Color(0xF1, 0xEF, 0xEB);

    private PosterPdf() { }

    public static byte[] render(BoardView b, String size, String boardUrl) {
        boolean a3 = !"A4".equalsIgnoreCase(size);
        float k = a3 ? 1.35f : 1f;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(a3 ? PageSize.A3 : PageSize.A4, 36 * k, 36 * k, 32 * k, 32 * k);
        try {
            PdfWriter.getInstance(doc, out);
            doc.addTitle(b.villageName() + "积分公示栏");
            doc.open();
            PdfPTable top = new PdfPTable(new float[] {4f, 1.3f});
            top.setWidthPercentage(100);
            PdfPCell title = new PdfPCell();
            title.setBorder(Rectangle.NO_BORDER);
            Paragraph t = new Paragraph(b.villageName() + "积分公示栏", new Font(PdfFonts.baseFont(), 30 * k, Font.BOLD, RED));
            title.addElement(t);
            title.addElement(new Paragraph(b.countyName() + " " + b.townName() + "    日期："
                    + b.today().format(DateTimeFormatter.ofPattern("yyyy年M月d日")), PdfFonts.font(12 * k)));
            title.addElement(new Paragraph(b.monthLabel() + "  加分 " + b.month().earned() + "  扣分 " + b.month().deducted()
                    + "；" + b.quarterLabel() + "  加分 " + b.quarter().earned() + "  扣分 " + b.quarter().deducted(),
                    PdfFonts.font(12 * k)));
            top.addCell(title);
            PdfPCell qr = new PdfPCell();
            qr.setBorder(Rectangle.NO_BORDER);
            qr.setHorizontalAlignment(Element.ALIGN_CENTER);
            Image img = QrCodes.pdfImage(boardUrl, 360);
            img.scaleAbsolute(88 * k, 88 * k);
            img.setAlignment(Element.ALIGN_CENTER);
            qr.addElement(img);
            Paragraph scan = new Paragraph("扫码看在线公示栏", PdfFonts.font(9 * k));
            scan.setAlignment(Element.ALIGN_CENTER);
            qr.addElement(scan);
            top.addCell(qr);
            doc.add(top);
            Paragraph url = new Paragraph(boardUrl, PdfFonts.font(8 * k));
            url.setAlignment(Element.ALIGN_RIGHT);
            doc.add(url);

            section(doc, "积分超市", k);
            if (b.redemption() != null) {
                doc.add(new Paragraph((b.redemption().openNow() ? "正在集中兑换：" : "下次集中兑换日：") + b.redemption().title() + "  "
                        + b.redemption().opensAt().format(DateTimeFormatter.ofPattern("M月d日 HH:mm")) + " ～ "
                        + b.redemption().closesAt().format(DateTimeFormatter.ofPattern("M月d日 HH:mm")), PdfFonts.bold(13 * k)));
            } else {
                doc.add(new Paragraph(b.openEveryDay() ? "积分超市每天开放兑换。" : "集中兑换日另行通知。", PdfFonts.font(12 * k)));
            }
            if (!b.donors().isEmpty()) {
                StringBuilder thanks = new StringBuilder("感谢爱心捐赠：");
                for (BoardView.DonorRow d : b.donors().subList(0, Math.min(b.donors().size(), a3 ? 20 : 10))) {
                    thanks.append(d.name()).append("（").append(d.amountYuan().stripTrailingZeros().toPlainString()).append("元）  ");
                }
                doc.add(new Paragraph(thanks.toString().strip(), PdfFonts.font(12 * k)));
            }

            section(doc, "正在公示（有异议请扫码或到村委会提出）", k);
            if (b.publicity().isEmpty()) {
                doc.add(new Paragraph("目前没有正在公示的积分。", PdfFonts.font(11 * k)));
            } else {
                PdfPTable p = table(k, new float[] {2.2f, 5f, 1.2f, 1.6f}, "农户", "事项", "分数", "公示至");
                int n = 0;
                for (BoardView.PublicityLine l : b.publicity()) {
                    if (n++ >= (a3 ? 30 : 18)) {
                        break;
                    }
                    cell(p, l.who() == null ? "（不公示姓名）" : l.who(), k);
                    cell(p, l.item() + (l.objected() ? "（有异议，待处理）" : ""), k);
                    cell(p, (l.deduct() ? "−" : "+") + l.points(), k);
                    cell(p, l.publicityEndsAt() == null ? "" : l.publicityEndsAt().format(DateTimeFormatter.ofPattern("M月d日")), k);
                }
                doc.add(p);
                int shown = Math.min(n, a3 ? 30 : 18);
                if (b.publicityTotal() > shown) {   // a poster has room for a few: say so, never cut silently
                    doc.add(new Paragraph("仅列出前 " + shown + " 条，共 " + b.publicityTotal() + " 条；全部请扫码看网上公示栏。",
                            PdfFonts.font(10 * k)));
                }
            }

            section(doc, "积分排行", k);
            PdfPTable ranks = new PdfPTable(2);
            ranks.setWidthPercentage(100);
            ranks.addCell(rankCell(b.monthLabel(), b.monthTop(), k));
            ranks.addCell(rankCell(b.yearLabel(), b.yearTop(), k));
            doc.add(ranks);

            section(doc, "荣誉榜", k);
            if (b.honours().isEmpty()) {
                doc.add(new Paragraph("暂无。", PdfFonts.font(11 * k)));
            }
            for (BoardView.HonourRow h : b.honours().subList(0, Math.min(b.honours().size(), a3 ? 12 : 8))) {
                doc.add(new Paragraph(kind(h.kind()) + "  " + h.periodLabel() + "：" + h.who()
                        + (h.stars() == null ? "" : "  " + "★".repeat(h.stars())), PdfFonts.font(12 * k)));
            }

            if (!b.recent().isEmpty()) {
                section(doc, b.monthLabel() + "入账", k);
                PdfPTable r = table(k, new float[] {1.4f, 2.2f, 5f, 1.2f}, "日期", "农户", "事项", "分数");
                for (BoardView.PostingLine l : b.recent().subList(0, Math.min(b.recent().size(), a3 ? 20 : 10))) {
                    cell(r, l.postedOn().format(DateTimeFormatter.ofPattern("M月d日")), k);
                    cell(r, l.who() == null ? "（不公示姓名）" : l.who(), k);
                    cell(r, l.item() == null ? "" : l.item(), k);
                    cell(r, (l.scoreDelta() > 0 ? "+" : "") + l.scoreDelta(), k);
                }
                doc.add(r);
            }

            if (a3) {
                section(doc, "积分细则（摘要，完整细则请扫码查看）", k);
                PdfPTable c = table(k, new float[] {2f, 6f, 1.5f}, "类别", "项目", "分值");
                for (BoardView.CatalogueGroup g : b.catalogue()) {
                    for (BoardView.CatalogueItem i : g.items()) {
                        cell(c, g.category(), k);
                        cell(c, i.name(), k);
                        cell(c, i.points(), k);
                    }
                }
                doc.add(c);
            }
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render poster", e);
        }
        return out.toByteArray();
    }

    private static void section(Document doc, String text, float k) throws DocumentException {
        Paragraph p = new Paragraph(text, new Font(PdfFonts.baseFont(), 16 * k, Font.BOLD, RED));
        p.setSpacingBefore(10 * k);
        p.setSpacingAfter(4 * k);
        doc.add(p);
    }

    private static PdfPTable table(float k, float[] widths, String... heads) {
        PdfPTable t = new PdfPTable(widths);
        t.setWidthPercentage(100);
        t.setHeaderRows(1);
        for (String h : heads) {
            PdfPCell c = new PdfPCell(new Phrase(h, PdfFonts.bold(11 * k)));
            c.setBackgroundColor(HEAD);
            c.setPadding(4 * k);
            t.addCell(c);
        }
        return t;
    }

    private static void cell(PdfPTable t, String s, float k) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.font(11 * k)));
        c.setPadding(3.5f * k);
        t.addCell(c);
    }

    private static PdfPCell rankCell(String label, List<BoardView.RankRow> rows, float k) {
        PdfPCell c = new PdfPCell();
        c.setPadding(5 * k);
        c.addElement(new Paragraph(label, PdfFonts.bold(13 * k)));
        if (rows.isEmpty()) {
            c.addElement(new Paragraph("暂无", PdfFonts.font(11 * k)));
        }
        for (BoardView.RankRow r : rows) {
            c.addElement(new Paragraph("第" + r.rank() + "名  " + r.who() + "  " + r.score() + "分", PdfFonts.font(12 * k)));
        }
        return c;
    }

    public static String kind(String kind) {
        return switch (kind) {
            case "RED_FLAG" -> "流动红旗·正能量文明户";
            case "STAR_PERSON" -> "正能量红人";
            case "STAR_PARTY_MEMBER" -> "星级党员";
            case "AWARD_CANDIDATE_CHOSEN" -> "评选表彰";
            default -> kind;
        };
    }
}
