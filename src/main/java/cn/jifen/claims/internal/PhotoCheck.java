package cn.jifen.claims.internal;

import cn.jifen.shared.InvalidInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Checks an uploaded photo by its content (not its name) and makes the copy shown in review and on the board. */
final class PhotoCheck {
    static final int DISPLAY_WIDTH = 1280;
    static final long MAX_PIXELS = 40_000_000L;
    private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs",
            "mif1", "msf1");

    private PhotoCheck() { }

    /** The content type the bytes really are: image/jpeg, image/png or image/heic; otherwise refused. */
    static String contentType(byte[] d) {
        if (d.length > 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (d.length > 8 && (d[0] & 0xFF) == 0x89 && d[1] == 'P' && d[2] == 'N' && d[3] == 'G' && d[4] == 0x0D
                && d[5] == 0x0A && d[6] == 0x1A && d[7] == 0x0A) {
            return "image/png";
        }
        if (d.length > 12 && "ftyp".equals(new String(d, 4, 4, StandardCharsets.US_ASCII))
                && HEIF_BRANDS.contains(new String(d, 8, 4, StandardCharsets.US_ASCII))) {
            return "image/heic";
        }
        throw InvalidInput.of("photo", "error.claims.photoType");
    }

    /** A JPEG at most {@link #DISPLAY_WIDTH} wide; null for HEIC (kept as sent). Broken JPEG/PNG are refused. */
    static byte[] displayCopy(byte[] data, String type) {
        if ("image/heic".equals(type)) {
            return null;
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw InvalidInput.of("photo", "error.claims.photoType");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > MAX_PIXELS) {
                    throw InvalidInput.of("photo", "error.claims.photoPixels");
                }
                BufferedImage image = reader.read(0);
                int tw = Math.min(DISPLAY_WIDTH, w);
                int th = (int) Math.max(1, Math.round((double) h * tw / w));
                BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, tw, th);
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(image, 0, 0, tw, th, null);
                g.dispose();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ImageIO.write(out, "jpg", bytes);
                return bytes.toByteArray();
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInput invalid) {
                throw invalid;
            }
            throw InvalidInput.of("photo", "error.claims.photoType");
        }
    }
}
