package cn.jifen.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

/**
 * Uploads through a real servlet container (MockMvc does not parse multipart, so it cannot show
 * this): a body over spring.servlet.multipart.max-request-size, or one that is no readable
 * multipart, sends the clerk back to the form with a message that says what to do — not a 500 —
 * and nothing is imported; a normal upload still works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class RosterUploadLimitTest extends Db {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern ACTION = Pattern.compile("<form[^>]*action=\"([^\"]*/console/import[^\"]*)\"");

    @LocalServerPort int port;
    @Autowired OrgUnits orgUnits;
    @Autowired JdbcClient jdbc;

    private HttpClient http;
    private String base;
    private OrgUnit village;

    /** Makes a village under 石角镇, logs the demo town admin in over HTTP and returns the import page's HTML. */
    private String loginAndOpenImportPage() throws Exception {
        village = RosterImportTest.newVillage(orgUnits);
        String username = "demo-town";
        http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        base = "http://localhost:" + port;
        String loginPage = get("/login").body();
        String form = "username=" + enc(username) + "&password=demo-town&_csrf=" + enc(find(CSRF, loginPage));
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return get("/console/import").body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String page, String boundary, byte[] body) throws Exception {
        String action = find(ACTION, page).replace("&amp;", "&");
        return http.send(HttpRequest.newBuilder(URI.create(base + action))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private byte[] form(String page, String boundary, String filename, byte[] file, boolean closed) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "_csrf", null, find(CSRF, page).getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "village", null, village.code().getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "file", filename, file);
        if (closed) {
            body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return body.toByteArray();
    }

    private long households() {
        return jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single();
    }

    @Test
    void anOversizedUploadReturnsToTheFormWithTheTooLargeMessageAndImportsNothing() throws Exception {
        String page = loginAndOpenImportPage();
        String boundary = "----roster" + System.nanoTime();

        HttpResponse<String> upload = post(page, boundary, form(page, boundary, "huge.csv", new byte[11 * 1024 * 1024], true));

        assertThat(upload.statusCode()).isEqualTo(303);
        String location = upload.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> back = get(location);
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("上传的文件太大，请拆分后再上传。", "id=\"import-submit\"");
        assertThat(households()).isZero();
    }

    @Test
    void aTruncatedUploadReturnsToTheFormWithTheBrokenUploadMessage() throws Exception {
        String page = loginAndOpenImportPage();
        String boundary = "----roster" + System.nanoTime();

        HttpResponse<String> upload = post(page, boundary, form(page, boundary, "a.csv", "户编号,姓名".getBytes(StandardCharsets.UTF_8), false));

        assertThat(upload.statusCode()).isEqualTo(303);
        assertThat(get(upload.headers().firstValue("Location").orElseThrow()).body()).contains("上传的文件无法读取");
        assertThat(households()).isZero();
    }

    @Test
    void aValidUploadThroughTheServletContainerImports() throws Exception {
        String page = loginAndOpenImportPage();
        String boundary = "----roster" + System.nanoTime();
        byte[] xlsx = RosterReaderTest.Files.xlsx(RosterReaderTest.Files.person("001", village.code() + "-G1", "1号",
                "陈建国", "户主", "男", 1960, "", ""));

        HttpResponse<String> upload = post(page, boundary, form(page, boundary, "花名册.xlsx", xlsx, true));

        assertThat(upload.statusCode()).isEqualTo(200);
        assertThat(upload.body()).contains("导入完成：新增 1 户、1 人");
        assertThat(households()).isEqualTo(1);
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String filename, byte[] content)
            throws IOException {
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"\r\nContent-Type: text/csv") + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String find(Pattern p, String html) {
        Matcher m = p.matcher(html);
        assertThat(m.find()).as("pattern %s in page", p).isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
