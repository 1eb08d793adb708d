package cn.jifen.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The demo load batches H2's commits (WRITE_DELAY 500 ms) only while it runs: afterwards every commit is written to
 * the file before COMMIT returns again, as Jifen's URL asks (docs/durability.md).
 */
class BatchedCommitsTest {
    @TempDir Path dir;

    private String url(int writeDelay) {
        return "jdbc:h2:file:" + dir.resolve("jifen") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=" + writeDelay;
    }

    private static int writeDelay(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return BatchedCommits.writeDelay(s);
        }
    }

    @Test
    void commitsAreBatchedDuringTheLoadAndWrittenOneByOneAgainAfterIt() throws Exception {
        String url = url(0);
        // one connection held open, so the database stays open and keeps the settings made on it
        try (Connection held = DriverManager.getConnection(url, "sa", "")) {
            DataSource ds = new DriverManagerDataSource(url, "sa", "");
            assertThat(writeDelay(held)).isZero();
            try (BatchedCommits batched = BatchedCommits.during(ds)) {
                assertThat(writeDelay(held)).isEqualTo(BatchedCommits.BATCHED);
            }
            assertThat(writeDelay(held)).isZero();
        }
    }

    @Test
    void aDatabaseThatAlreadyDelaysItsWritesIsLeftAsItIs() throws Exception {
        String url = url(2000);
        try (Connection held = DriverManager.getConnection(url, "sa", "")) {
            try (BatchedCommits batched = BatchedCommits.during(new DriverManagerDataSource(url, "sa", ""))) {
                assertThat(writeDelay(held)).isEqualTo(2000);
            }
            assertThat(writeDelay(held)).isEqualTo(2000);
        }
    }
}
