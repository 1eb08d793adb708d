package cn.jifen.documents;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfArray;
import com.lowagie.text.pdf.PdfDictionary;
import com.lowagie.text.pdf.PdfName;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassbookCoverTest {

    static PassbookCover.Data sample() {
        return new PassbookCover.Data("佛冈县", "石角镇", "龙南村", "FG-SJ-LN-000123",
                "陈建国", "佛冈县石角镇龙南村上围村民小组18号", "龙南村第三网格",
                List.of("陈建国", "李秀英", "陈志强", "陈美玲", "陈子轩"), LocalDate.of(2025, 3, 8));
    }

    @Test
    void coverIsOneA5PageWithEmbeddedSubsetFontAndChineseText() throws IOException {
        byte[] pdf = PassbookCover.render(sample());
        writeSampleIfAsked(pdf);

        assertArrayEquals("%PDF".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(pdf, 4));
        PdfReader reader = new PdfReader(pdf);
        try {
            assertEquals(1, reader.getNumberOfPages());
            Rectangle size = reader.getPageSizeWithRotation(1);
            assertEquals(419.5f, size.getWidth(), 1.0f);
            assertEquals(595.3f, size.getHeight(), 1.0f);

            assertTrue(hasEmbeddedSubsetFont(reader), "an embedded subset TrueType font (FontFile2)");

            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            for (String expected : List.of("积分存折", "FG-SJ-LN-000123", "存折编号", "佛冈县", "石角镇", "龙南村",
                    "户主", "陈建国", "家庭住址", "上围村民小组18号", "所属网格", "龙南村第三网格", "家庭成员",
                    "李秀英", "陈子轩", "发放日期", "2025年3月8日", PassbookCover.FOOTER)) {
                assertTrue(text.contains(expected), () -> "missing '" + expected + "' in extracted text:\n" + text);
            }
        } finally {
            reader.close();
        }
    }

    @Test
    void missingOptionalFieldsShowADash() throws IOException {
        PassbookCover.Data data = new PassbookCover.Data(null, " ", null, "P-1", null, "", null, null, null);
        String text = textOf(PassbookCover.render(data));
        assertTrue(text.contains("积分存折"), text);
        assertTrue(text.contains("P-1"), text);
        assertTrue(text.contains(PassbookCover.MISSING), text);
        assertFalse(text.contains("null"), text);
    }

    @Test
    void passbookNumberIsRequired() {
        assertThrows(IllegalArgumentException.class, () -> PassbookCover.render(
                new PassbookCover.Data("佛冈县", "石角镇", "龙南村", "  ", "陈建国", null, null, List.of(), null)));
        assertThrows(NullPointerException.class, () -> PassbookCover.render(null));
    }

    @Test
    void longMemberListStaysOnOnePage() throws IOException {
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            members.add("成员" + i);
        }
        PassbookCover.Data data = new PassbookCover.Data("佛冈县", "石角镇", "龙南村", "N-200", "户主甲",
                "很长的地址".repeat(30), "网格", members, LocalDate.of(2024, 12, 31));
        PdfReader reader = new PdfReader(PassbookCover.render(data));
        try {
            assertEquals(1, reader.getNumberOfPages());
            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            assertTrue(text.contains("等200人"), text);
            assertTrue(text.contains(PassbookCover.FOOTER), text);
            assertTrue(text.contains("2024年12月31日"), text);
        } finally {
            reader.close();
        }
    }

    @Test
    void memberNamesAreCopiedAndNullMeansNone() {
        List<String> names = new ArrayList<>(List.of("甲"));
        PassbookCover.Data data = new PassbookCover.Data(null, null, null, "X", null, null, null, names, null);
        names.add("乙");
        assertEquals(List.of("甲"), data.memberNames());
        assertEquals(List.of(), new PassbookCover.Data(null, null, null, "X", null, null, null, null, null)
                .memberNames());
    }

    static String textOf(byte[] pdf) throws IOException {
        PdfReader reader = new PdfReader(pdf);
        try {
            return new PdfTextExtractor(reader).getTextFromPage(1);
        } finally {
            reader.close();
        }
    }

    /** A Type0 font whose descendant has a FontFile2 stream and a subset-tagged name (ABCDEF+Name). */
    static boolean hasEmbeddedSubsetFont(PdfReader reader) {
        PdfDictionary resources = reader.getPageN(1).getAsDict(PdfName.RESOURCES);
        assertNotNull(resources);
        PdfDictionary fonts = resources.getAsDict(PdfName.FONT);
        assertNotNull(fonts);
        for (PdfName key : fonts.getKeys()) {
            PdfDictionary font = fonts.getAsDict(key);
            PdfArray descendants = font.getAsArray(PdfName.DESCENDANTFONTS);
            if (descendants == null) {
                continue;
            }
            PdfDictionary cid = descendants.getAsDict(0);
            PdfDictionary descriptor = cid.getAsDict(PdfName.FONTDESCRIPTOR);
            PdfName baseFont = font.getAsName(PdfName.BASEFONT);
            boolean subsetName = baseFont != null && PdfName.decodeName(baseFont.toString()).matches("/?[A-Z]{6}\\+.+");
            if (descriptor != null && descriptor.get(PdfName.FONTFILE2) != null && subsetName) {
                return true;
            }
        }
        return false;
    }

    /** Visual check helper: {@code -Djifen.documents.sampleOut=/tmp/cover.pdf} writes the sample cover. */
    private static void writeSampleIfAsked(byte[] pdf) throws IOException {
        String out = System.getProperty("jifen.documents.sampleOut");
        if (out != null && !out.isBlank()) {
            Files.write(Path.of(out), pdf);
        }
    }
}
