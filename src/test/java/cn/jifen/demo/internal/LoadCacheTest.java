package cn.jifen.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The demo load gives H2 a bigger page cache only while it runs: afterwards the cache is its old size again. */
class LoadCacheTest {
    @TempDir Path dir;

    private static int cacheMegabytes(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            return LoadCache.cacheMegabytes(s);
        }
    }

    @Test
    void theCacheIsBiggerDuringTheLoadAndItsOldSizeAfterIt() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("jifen") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        // one connection held open, so the database stays open and keeps the settings made on it
        try (Connection held = DriverManager.getConnection(url, "sa", "")) {
            int before = cacheMegabytes(held);
            assertThat(before).isLessThan(LoadCache.LOADING_MB);
            try (LoadCache cache = LoadCache.during(new DriverManagerDataSource(url, "sa", ""))) {
                assertThat(cacheMegabytes(held)).isEqualTo(LoadCache.LOADING_MB);
            }
            assertThat(cacheMegabytes(held)).isEqualTo(before);
        }
    }

    @Test
    void aCacheAlreadyThatBigIsLeftAsItIs() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("jifen") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CACHE_SIZE=131072";
        try (Connection held = DriverManager.getConnection(url, "sa", "")) {
            try (LoadCache cache = LoadCache.during(new DriverManagerDataSource(url, "sa", ""))) {
                assertThat(cacheMegabytes(held)).isEqualTo(128);
            }
            assertThat(cacheMegabytes(held)).isEqualTo(128);
        }
    }
}
