package cn.jifen.demo.internal;

import cn.jifen.shared.SingleWriter;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While the demo county is loaded into the embedded H2 database, its commits reach the database file in batches
 * instead of one file write each. Jifen's H2 URL sets {@code WRITE_DELAY=0} (every acknowledged commit is in the
 * file before COMMIT returns, so it survives kill -9: docs/durability.md); a first start's demo makes thousands of
 * commits, and each then writes a new chunk with every page changed since the last one, including the pages of
 * the long transaction the commit happened in the middle of. For the load, the setting is H2's own default (500
 * ms: a background thread writes what was committed, a few times a second); when the load ends, the setting is
 * put back as it was and everything is written out ({@code CHECKPOINT}) before the demo is announced, so from
 * then on every commit is durable as before. What the load risks is only the load itself: a kill -9 in the middle
 * leaves a half-loaded demo either way (the demo is loaded only into an empty database), now possibly a little
 * shorter. Other databases (PostgreSQL) are left as they are.
 */
final class BatchedCommits implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchedCommits.class);
    /** H2's default write delay, in ms. */
    static final int BATCHED = 500;
    private static final H2LoadSetting WRITE_DELAY = new H2LoadSetting("WRITE_DELAY", "SET WRITE_DELAY", 1);

    private final DataSource dataSource;
    /** The write delay to put back; null when nothing was changed. */
    private final Integer before;

    private BatchedCommits(DataSource dataSource, Integer before) {
        this.dataSource = dataSource;
        this.before = before;
    }

    /** Batches commits on H2 until {@link #close}; elsewhere (or when H2 refuses the setting) changes nothing. */
    static BatchedCommits during(DataSource dataSource) {
        Integer before = WRITE_DELAY.raise(dataSource, BATCHED);
        if (before != null) {
            singleWriter(dataSource, true);   // nothing else writes while the demo loads
            log.info("Demo load: H2 writes commits to the file every {} ms (WRITE_DELAY {} until the load ends).",
                    BATCHED, before);
        }
        return new BatchedCommits(dataSource, before);
    }

    /** The database's write delay now (ms), or null when it cannot be read. */
    static Integer writeDelay(Statement s) throws SQLException {
        return WRITE_DELAY.read(s);
    }

    /** Puts the write delay back and writes everything committed so far to the file. */
    @Override
    public void close() {
        if (before == null) {
            return;
        }
        singleWriter(dataSource, false);
        WRITE_DELAY.restore(dataSource, before, "CHECKPOINT");
    }

    private static void singleWriter(DataSource dataSource, boolean suspend) {
        try {
            if (dataSource.isWrapperFor(SingleWriter.class)) {
                SingleWriter writer = dataSource.unwrap(SingleWriter.class);
                if (suspend) {
                    writer.suspend();
                } else {
                    writer.resume();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
