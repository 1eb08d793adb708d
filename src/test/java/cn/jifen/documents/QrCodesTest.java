package cn.jifen.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.lowagie.text.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class QrCodesTest {

    @ParameterizedTest
    @ValueSource(strings = {"FG-SJ-LN-000123", "积分存折 佛冈县石角镇龙南村 陈建国", "https://jifen.example/p/123?x=1&y=二"})
    void pngDecodesBackToTheSameText(String text) throws Exception {
        byte[] png = QrCodes.png(text, 300);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(300, image.getWidth());
        assertEquals(300, image.getHeight());
        Result result = decode(image);
        assertEquals(BarcodeFormat.QR_CODE, result.getBarcodeFormat());
        assertEquals(text, result.getText());
    }

    @Test
    void pdfImageHasNaturalSizeInPoints() {
        Image image = QrCodes.pdfImage("P-1", 200);
        assertEquals(200f, image.getWidth(), 0.01f);
        assertEquals(200f, image.getHeight(), 0.01f);
    }

    @Test
    void rejectsEmptyTextAndBadSize() {
        assertThrows(IllegalArgumentException.class, () -> QrCodes.png("", 100));
        assertThrows(IllegalArgumentException.class, () -> QrCodes.png(null, 100));
        assertThrows(IllegalArgumentException.class, () -> QrCodes.png("x", 0));
    }

    static Result decode(BufferedImage image) throws NotFoundException {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        return new MultiFormatReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    }
}
