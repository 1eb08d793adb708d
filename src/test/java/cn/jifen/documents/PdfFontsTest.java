package cn.jifen.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lowagie.text.Font;
import com.lowagie.text.pdf.BaseFont;
import org.junit.jupiter.api.Test;

class PdfFontsTest {

    @Test
    void fontComesFromTheClasspathAndIsCached() {
        assertNotNull(PdfFonts.class.getClassLoader().getResource(PdfFonts.RESOURCE));
        BaseFont bf = PdfFonts.baseFont();
        assertSame(bf, PdfFonts.baseFont());
        assertEquals(BaseFont.IDENTITY_H, bf.getEncoding());
        assertTrue(bf.isEmbedded());
    }

    @Test
    void coversTheCharactersTheCoverUses() {
        BaseFont bf = PdfFonts.baseFont();
        String text = "积分存折封面佛冈县石角镇龙南村户主家庭住址所属网格成员发放日期年月日凭此参加兑换请妥善保管：、—…0123456789AZaz-";
        text.codePoints().forEach(cp -> assertTrue(bf.charExists(cp), () -> "no glyph for " + Character.toString(cp)));
    }

    @Test
    void fontsHaveTheAskedSizeAndStyle() {
        Font regular = PdfFonts.font(12f);
        Font bold = PdfFonts.bold(14f);
        assertSame(PdfFonts.baseFont(), regular.getBaseFont());
        assertEquals(12f, regular.getSize());
        assertEquals(14f, bold.getSize());
        assertTrue(bold.isBold());
    }
}
