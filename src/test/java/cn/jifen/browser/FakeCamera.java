package cn.jifen.browser;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A camera for headless Chromium that films one picture: the picture is written as a YUV4MPEG2
 * (.y4m) video, which Chromium plays in a loop to every getUserMedia caller when started with
 * {@link #switches}. Grey only (chroma planes at 128): a QR code needs nothing else.
 */
public final class FakeCamera {
    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    private static final int FRAMES = 10;

    private FakeCamera() {
    }

    /** Writes {@code png} centred on a white 640 x 480 frame into {@code file} as a .y4m video. */
    public static Path y4m(byte[] png, Path file) {
        try {
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
            BufferedImage frame = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = frame.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            int side = Math.min(picture.getWidth(), HEIGHT - 40);
            int h = picture.getHeight() * side / picture.getWidth();
            g.drawImage(picture, (WIDTH - side) / 2, (HEIGHT - h) / 2, side, h, null);
            g.dispose();
            byte[] luma = new byte[WIDTH * HEIGHT];
            for (int y = 0; y < HEIGHT; y++) {
                for (int x = 0; x < WIDTH; x++) {
                    int rgb = frame.getRGB(x, y);
                    int r = (rgb >> 16) & 0xff;
                    int gr = (rgb >> 8) & 0xff;
                    int b = rgb & 0xff;
                    // full-range BT.601 luma, as C420jpeg means
                    luma[y * WIDTH + x] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                }
            }
            byte[] chroma = new byte[(WIDTH / 2) * (HEIGHT / 2)];
            Arrays.fill(chroma, (byte) 128);
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(("YUV4MPEG2 W" + WIDTH + " H" + HEIGHT + " F10:1 Ip A1:1 C420jpeg\n")
                        .getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < FRAMES; i++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(luma);
                    out.write(chroma);
                    out.write(chroma);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Chromium switches that grant camera access without asking and play {@code video} as the camera. */
    public static String[] switches(Path video) {
        return List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--use-file-for-fake-video-capture=" + video.toAbsolutePath()).toArray(String[]::new);
    }
}
