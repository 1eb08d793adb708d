package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Through a real servlet container (MockMvc does not parse multipart bodies): a page form upload
 * over the size limit, or one that cannot be read, gets a Chinese message saying what to do —
 * 413 or 400 — never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class UploadGuardTest extends Db {
    @LocalServerPort int port;

    private HttpResponse<String> post(byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/console/claims/1/1/photos"))
                .header("Content-Type", "multipart/form-data; boundary=XyZ")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static byte[] photoPart(int size, boolean closed) {
        String head = "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n";
        String tail = closed ? "\r\n--XyZ--\r\n" : "";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + size + t.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(t, 0, all, h.length + size, t.length);
        return all;
    }

    @Test
    void anOversizedPhotoUploadIsRefusedWithAMessageNotA500() throws Exception {
        HttpResponse<String> r = post(photoPart(11 * 1024 * 1024, true));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("上传的文件太大");
    }

    @Test
    void anUnreadableMultipartBodyIsRefusedWithAMessageNotA500() throws Exception {
        HttpResponse<String> r = post(photoPart(1000, false));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("无法读取");
    }
}
