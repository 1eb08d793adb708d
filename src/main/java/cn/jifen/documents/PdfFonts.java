package cn.jifen.documents;

import com.lowagie.text.Font;
import com.lowagie.text.pdf.BaseFont;
import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The Chinese font that ships with Jifen: WenQuanYi Micro Hei (文泉驿微米黑, Apache-2.0), loaded from the
 * classpath resource {@value #RESOURCE} so that PDFs never depend on fonts installed on the host.
 *
 * <p>The font is embedded as a subset with {@link BaseFont#IDENTITY_H} encoding, so any CJK or Latin text
 * covered by the font renders in every PDF viewer. The {@link BaseFont} is created once (lazily) and shared;
 * OpenPDF keeps per-document state in the writer, so sharing it between documents and threads is safe.
 *
 * <p>The face has no bold weight: {@link #bold(float)} asks OpenPDF for a simulated bold (the glyphs are
 * filled and stroked), which is how OpenPDF renders {@link Font#BOLD} for a font without a bold face.
 */
public final class PdfFonts {

    /** Classpath location of the font collection; face 0 ("WenQuanYi Micro Hei") is used. */
    static final String RESOURCE = "fonts/wqy-microhei.ttc";

    /** OpenPDF picks a face of a TrueType collection from the ",index" suffix of the name. */
    private static final String FONT_NAME = "wqy-microhei.ttc,0";

    private static volatile BaseFont baseFont;

    private PdfFonts() {
    }

    /** The shared CJK base font (Identity-H, embedded), for direct-content drawing. */
    public static BaseFont baseFont() {
        BaseFont bf = baseFont;
        if (bf == null) {
            synchronized (PdfFonts.class) {
                bf = baseFont;
                if (bf == null) {
                    bf = load();
                    baseFont = bf;
                }
            }
        }
        return bf;
    }

    /** The CJK font at the given size in points, black. */
    public static Font font(float size) {
        return new Font(baseFont(), size, Font.NORMAL, Color.BLACK);
    }

    /** The CJK font at the given size in points, black, simulated bold. */
    public static Font bold(float size) {
        return new Font(baseFont(), size, Font.BOLD, Color.BLACK);
    }

    /** Package-private helper for coloured text inside this module. */
    static Font font(float size, int style, Color color) {
        return new Font(baseFont(), size, style, color);
    }

    private static BaseFont load() {
        byte[] bytes;
        // The class's own loader sees BOOT-INF/classes inside a Spring Boot fat jar as well as
        // target/classes in tests; the bytes are read once, nothing is unpacked to disk.
        ClassLoader loader = PdfFonts.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("font resource missing from classpath: " + RESOURCE);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read font resource " + RESOURCE, e);
        }
        try {
            // NOT_CACHED: this class caches; OpenPDF's static cache would only hold a second reference.
            return BaseFont.createFont(FONT_NAME, BaseFont.IDENTITY_H, BaseFont.EMBEDDED,
                    BaseFont.NOT_CACHED, bytes, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load font " + RESOURCE, e);
        }
    }
}
