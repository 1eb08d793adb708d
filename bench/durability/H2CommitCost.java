import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Commits per second of one H2 connection (one-row INSERT + COMMIT) on a file database, for three ways of
 * committing, interleaved and repeated:
 *   WRITE_DELAY=500            H2's default: the commit stays in memory up to ~0.5 s (lost by kill -9)
 *   WRITE_DELAY=0              Jifen's URL: the commit is written to the file (OS cache) before COMMIT returns
 *   WRITE_DELAY=0+CHECKPOINT SYNC  as above, then fsync of the file: what surviving a power cut would cost
 * Run with the H2 jar from Jifen's jar:  java -cp h2.jar bench/durability/H2CommitCost.java DIR REPS
 */
public class H2CommitCost {
    static final long MILLIS_PER_SAMPLE = 3000;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int reps = Integer.parseInt(args[1]);
        Files.createDirectories(dir);
        String[] modes = {"WRITE_DELAY=500", "WRITE_DELAY=0", "WRITE_DELAY=0+CHECKPOINT SYNC"};
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (String m : modes) {
            samples.put(m, new ArrayList<>());
        }
        for (String mode : modes) {
            sample(dir, mode, -1); // warm-up (JIT), not counted
        }
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < modes.length; k++) {
                String mode = modes[(k + rep) % modes.length];
                samples.get(mode).add(sample(dir, mode, rep));
            }
        }
        double base = 0;
        for (var e : samples.entrySet()) {
            List<Double> v = new ArrayList<>(e.getValue());
            v.sort(null);
            double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
            if (base == 0) {
                base = median;
            }
            System.out.printf("  %-30s median %8.0f  min %8.0f  max %8.0f  (%5.1f%% of WRITE_DELAY=500)  samples %s%n",
                    e.getKey(), median, v.get(0), v.get(v.size() - 1), 100 * median / base, e.getValue());
        }
    }

    static double sample(Path dir, String mode, int rep) throws Exception {
        boolean sync = mode.endsWith("CHECKPOINT SYNC");
        String delay = mode.startsWith("WRITE_DELAY=500") ? "500" : "0";
        String url = "jdbc:h2:file:" + dir.resolve("m" + mode.hashCode() + "r" + (rep + 1)) + ";WRITE_DELAY=" + delay;
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, note VARCHAR(100))");
            }
            c.setAutoCommit(false);
            long n = 0;
            long start = System.nanoTime();
            long end = start + MILLIS_PER_SAMPLE * 1_000_000L;
            try (PreparedStatement in = c.prepareStatement("INSERT INTO t VALUES (?, ?)");
                 Statement s = c.createStatement()) {
                while (System.nanoTime() < end) {
                    in.setLong(1, n);
                    in.setString(2, "posting " + n);
                    in.executeUpdate();
                    c.commit();
                    if (sync) {
                        s.execute("CHECKPOINT SYNC");
                    }
                    n++;
                }
            }
            return Math.round(n * 1e10 / (System.nanoTime() - start)) / 10.0;
        }
    }
}
