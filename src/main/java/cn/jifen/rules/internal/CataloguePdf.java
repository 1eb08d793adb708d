package cn.jifen.rules.internal;

import cn.jifen.documents.PdfFonts;
import cn.jifen.rules.RuleCategory;
import cn.jifen.rules.RuleItem;
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
import java.util.Map;

/** The catalogue in force on a day (积分细则), A4, one table per category, for the notice board or a binder. */
final class CataloguePdf {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private CataloguePdf() { }

    static byte[] render(String scope, LocalDate day, List<RuleCategory> categories, Map<Long, List<RuleItem>> byCategory,
                         LocalDate printedOn) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 36, 36, 40, 40);
        try {
            PdfWriter.getInstance(doc, out);
            doc.open();
            Paragraph title = new Paragraph(scope + "积分细则", PdfFonts.bold(20));
            title.setAlignment(Element.ALIGN_CENTER);
            doc.add(title);
            Paragraph asOf = new Paragraph(day.format(DAY) + "起施行的版本    打印日期：" + printedOn.format(DAY),
                    PdfFonts.font(10.5f));
            asOf.setAlignment(Element.ALIGN_CENTER);
            asOf.setSpacingAfter(8);
            doc.add(asOf);
            for (RuleCategory c : categories) {
                List<RuleItem> items = byCategory.get(c.id());
                if (items == null || items.isEmpty()) {
                    continue;
                }
                Paragraph head = new Paragraph(c.name(), PdfFonts.bold(14));
                head.setSpacingBefore(8);
                head.setSpacingAfter(4);
                doc.add(head);
                PdfPTable table = new PdfPTable(new float[] {1.4f, 5.6f, 1.6f, 1.4f, 2.2f});
                table.setWidthPercentage(100);
                table.setHeaderRows(1);
                for (String h : new String[] {"编号", "项目", "分值", "频次", "上限"}) {
                    PdfPCell cell = new PdfPCell(new Phrase(h, PdfFonts.bold(10.5f)));
                    cell.setBackgroundColor(new Color(0xF1, 0xEF, 0xEB));
                    cell.setPadding(4);
                    table.addCell(cell);
                }
                for (RuleItem i : items) {
                    table.addCell(cell(i.code()));
                    String name = i.name() + (i.partyOnly() ? "（限党员）" : "")
                            + (i.description() == null ? "" : "\n" + i.description());
                    table.addCell(cell(name));
                    table.addCell(cell(i.pointsLabel()));
                    table.addCell(cell(switch (i.unit()) {
                        case TIME -> "每次";
                        case MONTH -> "每月";
                        case YEAR -> "每年";
                    }));
                    table.addCell(cell(i.householdCap() == null ? "" : "每户每" + switch (i.capPeriod()) {
                        case MONTH -> "月";
                        case QUARTER -> "季";
                        case YEAR -> "年";
                    } + i.householdCap() + "分"));
                }
                doc.add(table);
            }
            doc.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render catalogue", e);
        }
        return out.toByteArray();
    }

    private static PdfPCell cell(String s) {
        PdfPCell c = new PdfPCell(new Phrase(s, PdfFonts.font(10)));
        c.setPadding(4);
        return c;
    }
}
