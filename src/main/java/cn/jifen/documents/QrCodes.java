package cn.jifen.documents;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.lowagie.text.BadElementException;
import com.lowagie.text.Image;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * QR codes (ZXing): UTF-8 content, error correction level M, a quiet zone of one module.
 *
 * <p>The image is {@code sizePx} x {@code sizePx} pixels; ZXing uses a whole number of pixels per module and
 * pads the rest with white, so ask for a size well above the module count (e.g. 300+) for crisp output.
 */
public final class QrCodes {

    private QrCodes() {
    }

    /** A black-on-white PNG of the QR code for {@code text}. */
    public static byte[] png(String text, int sizePx) {
        BitMatrix matrix = encode(text, sizePx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write QR code PNG", e);
        }
        return out.toByteArray();
    }

    /**
     * The QR code as an OpenPDF image. Its natural size is {@code sizePx} points (one point per pixel); use
     * {@link Image#scaleAbsolute(float, float)} to place it at another size without losing sharpness.
     */
    public static Image pdfImage(String text, int sizePx) {
        try {
            return Image.getInstance(png(text, sizePx));
        } catch (IOException | BadElementException e) {
            throw new IllegalStateException("cannot build PDF image of QR code", e);
        }
    }

    static BitMatrix encode(String text, int sizePx) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("QR code text must not be empty");
        }
        if (sizePx <= 0) {
            throw new IllegalArgumentException("QR code size must be positive: " + sizePx);
        }
        Map<EncodeHintType, Object> hints = new EnumMap<>(EncodeHintType.class);
        hints.put(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        hints.put(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M);
        hints.put(EncodeHintType.MARGIN, 1);
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, sizePx, sizePx, hints);
        } catch (WriterException e) {
            throw new IllegalArgumentException("text cannot be encoded as a QR code (too long?)", e);
        }
    }
}
