package cn.jifen.demo.internal;

import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the demo county is loaded into the embedded H2 database, H2 keeps more of it in memory: the year's database
 * (about 20 MB of live pages) outgrows H2's default page cache of 16 MB, and the load then reads pages it wrote a
 * moment before back from the file. When the load ends the cache is set back to what it was (H2 shrinks it at
 * once), so the running application uses the memory it always did. Only a cache: nothing about durability changes.
 * Other databases (PostgreSQL) are left as they are.
 */
final class LoadCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadCache.class);
    /** The page cache during the load, in MB. */
    static final int LOADING_MB = 64;
    /** Read in MB, set in KB. */
    private static final H2LoadSetting CACHE = new H2LoadSetting("info.CACHE_MAX_SIZE", "SET CACHE_SIZE", 1024);

    private final DataSource dataSource;
    /** The cache size to put back (MB); null when nothing was changed. */
    private final Integer before;

    private LoadCache(DataSource dataSource, Integer before) {
        this.dataSource = dataSource;
        this.before = before;
    }

    /** A bigger page cache on H2 until {@link #close}; elsewhere (or when H2 refuses the setting) changes nothing. */
    static LoadCache during(DataSource dataSource) {
        Integer before = CACHE.raise(dataSource, LOADING_MB);
        if (before != null) {
            log.info("Demo load: H2's page cache is {} MB until the load ends ({} MB after it).", LOADING_MB, before);
        }
        return new LoadCache(dataSource, before);
    }

    /** H2's page cache limit now (MB), or null when it cannot be read. */
    static Integer cacheMegabytes(Statement s) throws SQLException {
        return CACHE.read(s);
    }

    /** Puts the page cache back to its size before the load. */
    @Override
    public void close() {
        if (before != null) {
            CACHE.restore(dataSource, before);
        }
    }
}
