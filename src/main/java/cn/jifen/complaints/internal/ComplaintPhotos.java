package cn.jifen.complaints.internal;

import cn.jifen.claims.Claims;
import cn.jifen.shared.InvalidInput;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * Checks a complaint's photo the way a claim's photo is checked (size, real type by content, decodable; the claims
 * module's rules), then re-encodes JPEG and PNG so that no EXIF data (where and with which phone it was taken) is
 * stored: an anonymous filer must not be identifiable by the village from a photo's metadata.
 */
@Component
public class ComplaintPhotos {
    public static final int MAX = 3;

    /** A photo ready to store: its type and bytes. */
    public record Clean(String type, byte[] data) { }

    private final Claims claims;

    ComplaintPhotos(Claims claims) {
        this.claims = claims;
    }

    public Clean clean(byte[] data) {
        String type = claims.checkPhoto(data);
        if ("image/heic".equals(type)) {
            return new Clean(type, data);   // not decodable here: kept as sent (see docs/complaints.md)
        }
        try {
            BufferedImage in = ImageIO.read(new ByteArrayInputStream(data));
            if (in == null) {
                throw InvalidInput.of("photo", "error.claims.photoType");
            }
            BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, in.getWidth(), in.getHeight());
            g.drawImage(in, 0, 0, null);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "jpg", bytes);
            return new Clean("image/jpeg", bytes.toByteArray());
        } catch (IOException e) {
            throw InvalidInput.of("photo", "error.claims.photoType");
        }
    }
}
