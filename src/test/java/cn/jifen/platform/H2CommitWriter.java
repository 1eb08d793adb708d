package cn.jifen.platform;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Child process of {@link EmbeddedDatabaseDurabilityTest}: commits one row per line read from stdin into the
 * H2 database at args[0] and answers "ACK id" once the commit has returned, as Jifen answers 201 once a posting
 * has committed. It then waits for the next line, so that when the test kills it nothing else is happening.
 */
public final class H2CommitWriter {
    private H2CommitWriter() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long id = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS acknowledged_write (id BIGINT PRIMARY KEY, note VARCHAR(100) NOT NULL)");
            }
            c.setAutoCommit(false);
            out.println("READY");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO acknowledged_write (id, note) VALUES (?, ?)")) {
                while (in.readLine() != null) {
                    insert.setLong(1, id);
                    insert.setString(2, "write " + id);
                    insert.executeUpdate();
                    c.commit();
                    out.println("ACK " + id);
                    id++;
                }
            }
        }
    }
}
