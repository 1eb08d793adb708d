package cn.jifen.documents;

import com.lowagie.text.Chunk;
import com.lowagie.text.Document;
import com.lowagie.text.DocumentException;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.Image;
import com.lowagie.text.PageSize;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.SplitCharacter;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.DefaultSplitCharacter;
import com.lowagie.text.pdf.PdfChunk;
import com.lowagie.text.pdf.PdfContentByte;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The printable cover page of a household's points passbook (积分存折 封面): one A5 portrait page with the
 * title, the county/town/village line, the passbook number (as text and as a QR code that encodes exactly
 * the number), the household's details and a safe-keeping note.
 *
 * <p>Only {@link Data#passbookNumber()} is required; any other field may be null or blank and is then shown
 * as "—". The details block shrinks its font (13 pt down to 9 pt) to stay on the one page; a member list that
 * still does not fit is cut and ends in "等N人".
 */
public final class PassbookCover {

    /** What the cover shows. {@code memberNames} may be null (no members listed). */
    public record Data(
            String countyName,
            String townName,
            String villageName,
            String passbookNumber,
            String headName,
            String address,
            String gridName,
            List<String> memberNames,
            LocalDate issuedOn) {

        public Data {
            memberNames = memberNames == null
                    ? List.of()
                    : Collections.unmodifiableList(new ArrayList<>(memberNames));
        }
    }

    static final String TITLE = "积分存折";
    static final String FOOTER = "凭此存折参加积分兑换，请妥善保管";
    static final String MISSING = "—";
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private static final Color RED = new Color(0xB0, 0x1E, 0x23);
    private static final Color DARK = new Color(0x33, 0x33, 0x33);
    private static final Color GREY = new Color(0x77, 0x77, 0x77);
    private static final Color RULE = new Color(0xBB, 0xBB, 0xBB);

    private static final int MAX_FIELD_CHARS = 120;

    /**
     * Line breaks in the member list only after "、" or a space, so that a name is never split over two lines
     * (OpenPDF by default may break after any CJK character). A single over-long name is still force-broken.
     */
    private static final SplitCharacter NAMES_SPLIT = new DefaultSplitCharacter() {
        @Override
        public boolean isSplitCharacter(int start, int current, int end, char[] cc, PdfChunk[] ck) {
            char c = getCurrentCharacter(current, cc, ck);
            return c == '、' || c == ' ';
        }
    };
    private static final float[] DETAIL_SIZES = {13f, 12f, 11f, 10f, 9f};

    private PassbookCover() {
    }

    /** Renders the cover as a one-page PDF. */
    public static byte[] render(Data data) {
        Objects.requireNonNull(data, "data");
        String number = data.passbookNumber() == null ? "" : data.passbookNumber().trim();
        if (number.isEmpty()) {
            throw new IllegalArgumentException("passbookNumber is required for a passbook cover");
        }

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Rectangle page = PageSize.A5;
        Document document = new Document(page, 0, 0, 0, 0);
        try {
            PdfWriter writer = PdfWriter.getInstance(document, out);
            document.addTitle(TITLE + " " + number);
            document.addSubject("积分存折封面");
            document.addCreator("Jifen 积分");
            document.open();
            PdfContentByte cb = writer.getDirectContent();
            float w = page.getWidth();
            float h = page.getHeight();

            drawFrame(cb, w, h);

            BaseFont bf = PdfFonts.baseFont();
            float y = h - 100;
            drawSpacedCentered(cb, bf, TITLE, 36f, 8f, RED, w / 2, y);

            y -= 34;
            ColumnText.showTextAligned(cb, Element.ALIGN_CENTER,
                    new Phrase(villageLine(data), PdfFonts.font(14f, 0, DARK)), w / 2, y, 0);

            y -= 14;
            cb.saveState();
            cb.setColorStroke(RED);
            cb.setLineWidth(0.8f);
            cb.moveTo(70, y);
            cb.lineTo(w - 70, y);
            cb.stroke();
            cb.restoreState();

            float qrSize = 132f;
            y -= 12 + qrSize;
            Image qr = QrCodes.pdfImage(number, 472);
            qr.scaleAbsolute(qrSize, qrSize);
            qr.setAbsolutePosition((w - qrSize) / 2, y);
            cb.addImage(qr);

            y -= 26;
            Phrase numberLine = new Phrase();
            numberLine.add(new Chunk("存折编号：", PdfFonts.font(14f, 0, DARK)));
            numberLine.add(new Chunk(number, PdfFonts.font(18f, Font.BOLD, RED)));
            ColumnText.showTextAligned(cb, Element.ALIGN_CENTER, numberLine, w / 2, y, 0);

            float footerY = 46f;
            drawDetails(cb, data, 56f, footerY + 26f, w - 56f, y - 16f);

            ColumnText.showTextAligned(cb, Element.ALIGN_CENTER,
                    new Phrase(FOOTER, PdfFonts.font(10.5f, 0, GREY)), w / 2, footerY, 0);

            document.close();
        } catch (DocumentException e) {
            throw new IllegalStateException("cannot render passbook cover", e);
        }
        return out.toByteArray();
    }

    /** A red double frame, the customary look of a printed passbook cover. */
    private static void drawFrame(PdfContentByte cb, float w, float h) {
        cb.saveState();
        cb.setColorStroke(RED);
        cb.setLineWidth(1.6f);
        cb.rectangle(20, 20, w - 40, h - 40);
        cb.stroke();
        cb.setLineWidth(0.5f);
        cb.rectangle(25, 25, w - 50, h - 50);
        cb.stroke();
        cb.restoreState();
    }

    /** Centred text with extra space between characters (kept as one string, so extraction finds it whole). */
    private static void drawSpacedCentered(PdfContentByte cb, BaseFont bf, String text, float size,
                                           float spacing, Color color, float cx, float y) {
        float width = bf.getWidthPoint(text, size) + spacing * (text.codePointCount(0, text.length()) - 1);
        cb.saveState();
        cb.beginText();
        cb.setFontAndSize(bf, size);
        cb.setColorFill(color);
        // simulated bold: fill and stroke the outlines, as OpenPDF does for Font.BOLD
        cb.setTextRenderingMode(PdfContentByte.TEXT_RENDER_MODE_FILL_STROKE);
        cb.setColorStroke(color);
        cb.setLineWidth(size / 30f);
        cb.setCharacterSpacing(spacing);
        cb.setTextMatrix(cx - width / 2, y);
        cb.showText(text);
        cb.endText();
        cb.restoreState();
    }

    /** The details block, at the largest font size that fits the box; members are cut as a last resort. */
    private static void drawDetails(PdfContentByte cb, Data data, float llx, float lly, float urx, float ury) {
        List<String> members = nonBlank(data.memberNames());
        int shown = members.size();
        while (true) {
            for (float size : DETAIL_SIZES) {
                ColumnText trial = new ColumnText(cb);
                trial.setSimpleColumn(llx, lly, urx, ury);
                trial.addElement(detailsTable(data, membersText(members, shown), size, urx - llx));
                try {
                    if (!ColumnText.hasMoreText(trial.go(true))) {
                        ColumnText real = new ColumnText(cb);
                        real.setSimpleColumn(llx, lly, urx, ury);
                        real.addElement(detailsTable(data, membersText(members, shown), size, urx - llx));
                        real.go();
                        return;
                    }
                } catch (DocumentException e) {
                    throw new IllegalStateException("cannot lay out passbook details", e);
                }
            }
            if (shown == 0) {
                throw new IllegalStateException("passbook details do not fit on the cover");
            }
            shown--;
        }
    }

    private static PdfPTable detailsTable(Data data, String membersText, float size, float width) {
        PdfPTable table = new PdfPTable(new float[] {size * 5.6f, width - size * 5.6f});
        table.setTotalWidth(width);
        table.setLockedWidth(true);
        row(table, "户主：", orDash(data.headName()), size);
        row(table, "家庭住址：", orDash(data.address()), size);
        row(table, "所属网格：", orDash(data.gridName()), size);
        row(table, "家庭成员：", membersText, size, NAMES_SPLIT);
        row(table, "发放日期：", data.issuedOn() == null ? MISSING : DATE.format(data.issuedOn()), size);
        return table;
    }

    private static void row(PdfPTable table, String label, String value, float size) {
        row(table, label, value, size, null);
    }

    private static void row(PdfPTable table, String label, String value, float size, SplitCharacter split) {
        PdfPCell l = new PdfPCell(new Phrase(label, PdfFonts.font(size, 0, GREY)));
        l.setBorder(Rectangle.NO_BORDER);
        l.setHorizontalAlignment(Element.ALIGN_LEFT);
        Chunk valueChunk = new Chunk(value, PdfFonts.font(size, 0, Color.BLACK));
        if (split != null) {
            valueChunk.setSplitCharacter(split);
        }
        PdfPCell v = new PdfPCell(new Phrase(valueChunk));
        v.setBorder(Rectangle.BOTTOM);
        v.setBorderColor(RULE);
        v.setBorderWidth(0.5f);
        for (PdfPCell c : new PdfPCell[] {l, v}) {
            c.setUseAscender(true);
            c.setPaddingTop(size * 0.75f);
            c.setPaddingBottom(size * 0.6f);
            c.setPaddingLeft(0);
            c.setPaddingRight(2);
            c.setLeading(0, 1.35f);
            table.addCell(c);
        }
    }

    static String villageLine(Data data) {
        List<String> parts = nonBlank(List.of(
                Objects.toString(data.countyName(), ""),
                Objects.toString(data.townName(), ""),
                Objects.toString(data.villageName(), "")));
        return parts.isEmpty() ? MISSING : clip(String.join(" ", parts), 40);
    }

    static String membersText(List<String> members, int shown) {
        if (members.isEmpty()) {
            return MISSING;
        }
        String text = String.join("、", members.subList(0, shown));
        if (shown < members.size()) {
            text = (shown == 0 ? "" : text + " ") + "等" + members.size() + "人";
        }
        return text;
    }

    private static List<String> nonBlank(List<String> values) {
        List<String> result = new ArrayList<>();
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                result.add(clip(v.strip(), MAX_FIELD_CHARS));
            }
        }
        return result;
    }

    static String orDash(String value) {
        return value == null || value.isBlank() ? MISSING : clip(value.strip(), MAX_FIELD_CHARS);
    }

    private static String clip(String s, int max) {
        if (s.codePointCount(0, s.length()) <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }
}
