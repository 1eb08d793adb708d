import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The database checks of bench/crash/run.sh for the embedded H2 database, where there is no psql.
 * Run with the H2 jar taken from Jifen's own jar:  java -cp h2.jar bench/crash/H2Check.java URL ACKS
 *
 * Loads the acknowledged postings (ACKS: posting_id, key, village, household, status per line) into a
 * temporary table and prints the same five numbers, one a line, as the PostgreSQL branch of run.sh:
 * acknowledged rows|distinct postings, missing postings, postings without exactly two legs,
 * keys acknowledged with two posting ids, passbook entries in the ledger.
 *
 * While Jifen runs, the URL must carry AUTO_SERVER=TRUE (the query then runs inside Jifen's JVM); it must
 * not carry WRITE_DELAY or any other database setting, which would change the running database's settings.
 */
public class H2Check {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: H2Check JDBC_URL ACKS_FILE");
            System.exit(2);
        }
        List<String> acks = Files.readAllLines(Path.of(args[1]));
        try (Connection c = DriverManager.getConnection(args[0], "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE LOCAL TEMPORARY TABLE acked (posting_id UUID, idem_key VARCHAR(200), "
                        + "village_id BIGINT, household_id BIGINT, status INT)");
            }
            try (PreparedStatement in = c.prepareStatement("INSERT INTO acked VALUES (?, ?, ?, ?, ?)")) {
                for (String line : acks) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split("\t");
                    in.setObject(1, UUID.fromString(f[0]));
                    in.setString(2, f[1]);
                    in.setLong(3, Long.parseLong(f[2]));
                    in.setLong(4, Long.parseLong(f[3]));
                    in.setInt(5, Integer.parseInt(f[4]));
                    in.addBatch();
                }
                in.executeBatch();
            }
            String[] queries = {
                "SELECT count(*) || '|' || count(DISTINCT posting_id) FROM acked",
                """
                SELECT count(*) FROM acked a WHERE NOT EXISTS (SELECT 1 FROM ledger_entry e
                    WHERE e.village_id = a.village_id AND e.posting_id = a.posting_id AND e.leg_no = 0
                      AND e.idempotency_key = a.idem_key AND e.household_id = a.household_id)""",
                """
                SELECT count(*) FROM (SELECT a.posting_id FROM (SELECT DISTINCT posting_id, village_id FROM acked) a
                    LEFT JOIN ledger_entry e ON e.village_id = a.village_id AND e.posting_id = a.posting_id
                    GROUP BY a.posting_id HAVING count(e.id) <> 2) x""",
                "SELECT count(*) FROM (SELECT idem_key FROM acked GROUP BY idem_key HAVING count(DISTINCT posting_id) > 1) x",
                "SELECT count(*) FROM ledger_entry WHERE leg_no = 0",
            };
            try (Statement s = c.createStatement()) {
                for (String q : queries) {
                    try (ResultSet r = s.executeQuery(q)) {
                        r.next();
                        System.out.println(r.getString(1));
                    }
                }
            }
        }
    }
}
