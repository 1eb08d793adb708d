package cn.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that H2 has acknowledged must survive kill -9 of the JVM: with H2's default WRITE_DELAY (500 ms)
 * the commit stays in the JVM's memory until a background thread writes it, and a SIGKILL loses it. The test
 * uses Jifen's own default URL from application.properties, so it guards the setting that prevents this.
 */
class EmbeddedDatabaseDurabilityTest {
    private static final int ROUNDS = 2;
    private static final int WRITES_PER_ROUND = 100;

    @TempDir Path dataDir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyCommitAcknowledgedByTheDefaultEmbeddedDatabaseSurvivesKillMinus9() throws Exception {
        String url = defaultH2Url(dataDir);
        List<Long> acknowledged = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            acknowledged.addAll(writeThenKill(url, round * 1_000_000L + 1));
            Set<Long> lost = new TreeSet<>(acknowledged);
            lost.removeAll(storedIds(url));
            assertThat(lost)
                    .as("acknowledged rows lost by kill -9 in round %d: %d of %d (URL %s)", round + 1, lost.size(),
                            acknowledged.size(), url)
                    .isEmpty();
        }
        assertThat(acknowledged).hasSize(ROUNDS * WRITES_PER_ROUND);
    }

    /** Jifen's default datasource URL (used when JIFEN_DB_URL is not set), with the data dir filled in. */
    static String defaultH2Url(Path dataDir) throws IOException {
        Properties p = new Properties();
        try (InputStream in = EmbeddedDatabaseDurabilityTest.class.getResourceAsStream("/application.properties")) {
            p.load(in);
        }
        String value = p.getProperty("spring.datasource.url");
        String prefix = "${JIFEN_DB_URL:";
        assertThat(value).startsWith(prefix).endsWith("}");
        String url = value.substring(prefix.length(), value.length() - 1).replace("${jifen.data-dir}", dataDir.toString());
        assertThat(url).startsWith("jdbc:h2:file:");
        return url;
    }

    /** Starts a writer JVM, lets it acknowledge WRITES_PER_ROUND commits, SIGKILLs it at once; returns the acknowledged ids. */
    private static List<Long> writeThenKill(String url, long firstId) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = codeSource(Driver.class) + File.pathSeparator + codeSource(H2CommitWriter.class);
        Process child = new ProcessBuilder(javaBin, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath, H2CommitWriter.class.getName(), url,
                Long.toString(firstId)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<Long> acks = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Writer in = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            assertThat(out.readLine()).isEqualTo("READY");
            for (int i = 0; i < WRITES_PER_ROUND; i++) {
                in.write("next\n");
                in.flush();
                String line = out.readLine();
                assertThat(line).startsWith("ACK ");
                acks.add(Long.parseLong(line.substring(4)));
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no H2 close
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return acks;
    }

    private static Set<Long> storedIds(String url) throws Exception {
        Set<Long> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement()) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, "acknowledged_write", null)) {
                if (!tables.next()) {
                    return ids; // even the table was lost
                }
            }
            try (ResultSet r = s.executeQuery("SELECT id FROM acknowledged_write")) {
                while (r.next()) {
                    ids.add(r.getLong(1));
                }
            }
        }
        return ids;
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
