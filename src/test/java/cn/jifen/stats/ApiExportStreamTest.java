package cn.jifen.stats;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * An API export streamed over a real HTTP connection with a bearer token: the asynchronous completion of
 * the streamed body must be authenticated too, so the chunked response ends properly with every row.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@ActiveProfiles("test")
@Import(TestDatabase.class)
class ApiExportStreamTest extends Db {
    @LocalServerPort int port;
    @Autowired Exports exports;
    @Autowired OrgUnits orgUnits;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private String token() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/tokens"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    @Test
    void aBearerExportOfTheCountysHouseholdsArrivesWholeAndEndsCleanly() throws Exception {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        long rows = exports.write(exports.job(Actors.of(Role.COUNTY_ADMIN, county), "households", "csv", county.code(),
                null, null), expected);
        List<String> expectedLines = expected.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(rows).isGreaterThan(100);

        String url = "http://127.0.0.1:" + port + "/api/v1/stats/export/households.csv?orgUnit=" + county.code();
        String token = token();
        // reading the whole body throws (premature end of the chunked stream) when the response breaks off
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = new String(r.body(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).hasSameSizeAs(expectedLines);
        assertThat(lines.get(lines.size() - 1)).isEqualTo(expectedLines.get(expectedLines.size() - 1));

        // the same download with curl, as an operator would script it, exits 0 (18 = partial file, 56 = receive failure)
        Process curl = new ProcessBuilder("curl", "-sS", "-o", "/dev/null", "--max-time", "60",
                "-H", "Authorization: Bearer " + token, url).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor()).as(out).isZero();
    }
}
