package cn.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Spring Boot SSL bundle variant of docs/https.md: Jifen started with server.ssl.bundle and a PEM
 * certificate and key (here self-signed, made by the JDK's keytool for localhost) serves its pages over
 * https, so phones may use the camera to scan passbooks; plain http on that port is not answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class HttpsSslBundleTest extends Db {
    static Path dir;
    static Path certificate;

    @LocalServerPort int port;

    @DynamicPropertySource
    static void sslBundle(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("jifen-https-");
        certificate = dir.resolve("jifen.crt");
        Path key = dir.resolve("jifen.key");
        selfSignedPem(dir, certificate, key);
        // the same keys as the environment variables in docs/https.md (SERVER_SSL_BUNDLE, SPRING_SSL_BUNDLE_PEM_JIFEN_...)
        registry.add("server.ssl.bundle", () -> "jifen");
        registry.add("spring.ssl.bundle.pem.jifen.keystore.certificate", () -> "file:" + certificate.toAbsolutePath());
        registry.add("spring.ssl.bundle.pem.jifen.keystore.private-key", () -> "file:" + key.toAbsolutePath());
    }

    @Test
    void theLoginPageIsServedOverHttpsWithTheConfiguredCertificate() throws Exception {
        HttpResponse<String> page = trusting(certificate).send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"password\"");
        assertThat(page.sslSession()).isPresent();
        assertThat(page.sslSession().get().getPeerCertificates()[0].getEncoded())
                .isEqualTo(pemCertificate(certificate).getEncoded());
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoPage() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .timeout(Duration.ofSeconds(10)).GET().build();
        // Tomcat answers a plain request on a TLS port with a 400 (or closes the connection), never the page
        try {
            HttpResponse<String> r = plain.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).doesNotContain("name=\"password\"");
        } catch (IOException | InterruptedException closed) {
            assertThat(closed).isNotNull();
        }
    }

    /** A client that trusts exactly this certificate (as a phone would after the county installs it). */
    private static HttpClient trusting(Path certificatePem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("jifen", pemCertificate(certificatePem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static Certificate pemCertificate(Path pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    /** keytool makes a self-signed key pair for localhost; it is written out as PEM certificate and PKCS#8 key. */
    private static void selfSignedPem(Path dir, Path certificate, Path key) throws Exception {
        Path p12 = dir.resolve("jifen.p12");
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "jifen", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        PrivateKey privateKey = (PrivateKey) store.getKey("jifen", "changeit".toCharArray());
        Files.writeString(certificate, pem("CERTIFICATE", store.getCertificate("jifen").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", privateKey.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
