package cn.jifen.bench;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.RosterImport;
import cn.jifen.directory.internal.IdCards;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark, not a test: imports a generated 10,000-row roster (.xlsx, and the same rows as .csv)
 * through {@link RosterImport} and prints seconds and rows/s with the machine it ran on. The
 * baseline, measured in the same run on the same database, is the bare write: the same households,
 * residents and passbooks (the same columns) inserted by plain JDBC batches in one transaction, without
 * reading or validating anything. After a warm-up, each repeat runs xlsx, csv and baseline in a rotated
 * order, each into a new village after ANALYZE; medians, spreads and the ratio to the baseline paired per
 * repeat are printed and written to roster-import-&lt;db&gt;.properties for bench/roster-import/run.sh's RESULT
 * lines. The class name does not match surefire's test patterns, so only run.sh (-Dtest=RosterImportBench)
 * runs it. Rows: -Djifen.bench.rows (10000); repeats: -Djifen.bench.repeats (3).
 */
@Tag("bench")
@IntegrationTest
class RosterImportBench extends Db {
    private static final String TOWN = "441821100";
    private static final String[] HEADER = {"户编号", "网格", "家庭住址", "低收入户", "姓名", "与户主关系", "性别", "出生年份",
            "手机号", "身份证号", "党员", "所在党支部", "残疾人"};
    private static final String SURNAMES = "陈李黄张刘林朱何罗梁郑谢冯邓曾彭欧阳";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红春梅海燕文德福";
    private static final String[] RELATIONS = {"户主", "配偶", "子女", "子女", "父母", "孙子女"};

    private final RosterImport rosters;
    private final OrgUnits orgUnits;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final IdCards idCards;

    @Autowired
    RosterImportBench(RosterImport rosters, OrgUnits orgUnits, DataSource dataSource, TransactionTemplate tx,
                      IdCards idCards) {
        this.idCards = idCards;
        this.rosters = rosters;
        this.orgUnits = orgUnits;
        this.dataSource = dataSource;
        this.tx = tx;
    }

    @Test
    void importTenThousandRows() throws Exception {
        int rows = Integer.getInteger("jifen.bench.rows", 10_000);
        int repeats = Math.max(1, Integer.getInteger("jifen.bench.repeats", 3));
        String db = TestDatabase.postgres() ? "PostgreSQL" : "H2";
        List<String[]> roster = generate(rows);
        byte[] xlsx = xlsx(roster);
        byte[] csv = csv(roster);
        Path out = Path.of(System.getProperty("jifen.bench.out", "target/bench"));
        Files.createDirectories(out);
        Files.write(out.resolve("roster-" + rows + ".xlsx"), xlsx);
        Files.write(out.resolve("roster-" + rows + ".csv"), csv);

        List<String> lines = new ArrayList<>();
        lines.add("Roster import benchmark — " + rows + " rows, " + households(roster) + " households, database " + db
                + ", " + repeats + " interleaved repeats");
        lines.add("machine: " + machine());
        lines.add("database: " + databaseVersion());
        lines.add(String.format("files: xlsx %,d bytes, csv %,d bytes (in %s)", xlsx.length, csv.length, out.toAbsolutePath()));
        lines.add("load at start: " + load());

        // warm-up (not counted): JIT, connection pool and statement caches, on 1,000 rows of each kind
        List<String[]> small = roster.subList(0, Math.min(1_000, roster.size()));
        runImport(xlsx(small), "warmup.xlsx");
        runImport(csv(small), "warmup.csv");
        baseline(small);

        // interleaved: each repeat runs the three subjects in a rotated order, each into a new village, tables analyzed
        List<Double> xlsxS = new ArrayList<>();
        List<Double> csvS = new ArrayList<>();
        List<Double> baseS = new ArrayList<>();
        List<Double> againS = new ArrayList<>();
        List<Double> xlsxRatio = new ArrayList<>();
        List<Double> csvRatio = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            Timed fromXlsx = null;
            Timed fromCsv = null;
            Timed base = null;
            for (int k = 0; k < 3; k++) {
                analyze();
                switch ((k + r) % 3) {
                    case 0 -> fromXlsx = runImport(xlsx, "bench.xlsx");
                    case 1 -> fromCsv = runImport(csv, "bench.csv");
                    default -> base = baseline(roster);
                }
            }
            analyze();
            Timed again = importInto(fromXlsx.village(), xlsx, "bench.xlsx");
            xlsxS.add(fromXlsx.seconds());
            csvS.add(fromCsv.seconds());
            baseS.add(base.seconds());
            againS.add(again.seconds());
            xlsxRatio.add(fromXlsx.seconds() / base.seconds());
            csvRatio.add(fromCsv.seconds() / base.seconds());
            lines.add(String.format(Locale.ROOT, "repeat %d: xlsx %.2f s, csv %.2f s, baseline %.2f s, xlsx again %.2f s; "
                            + "ratios xlsx %.2f, csv %.2f; load %s", r + 1, fromXlsx.seconds(), fromCsv.seconds(),
                    base.seconds(), again.seconds(), xlsxRatio.get(r), csvRatio.get(r), load()));
            if (!fromXlsx.outcome().imported() || fromXlsx.outcome().residentsAdded() != rows
                    || again.outcome().residentsUnchanged() != rows || fromCsv.outcome().residentsAdded() != rows) {
                unexpected.add(fromXlsx.outcome().problems().stream().limit(5).toList() + " / " + again.outcome()
                        + " / " + fromCsv.outcome().problems().stream().limit(5).toList());
            }
        }
        lines.add(String.format(Locale.ROOT, "%-52s %s", "", "median    min     max   (seconds; rows/s at the median)"));
        lines.add(summary("xlsx, new village (all rows new)", rows, xlsxS));
        lines.add(summary("csv, new village (all rows new)", rows, csvS));
        lines.add(summary("same xlsx again (idempotent, nothing written)", rows, againS));
        lines.add(summary("baseline: plain JDBC batch insert of the same rows", rows, baseS));
        lines.add(String.format(Locale.ROOT, "import / baseline, paired per repeat: xlsx median %.2f× (%.2f–%.2f), "
                        + "csv median %.2f× (%.2f–%.2f)", median(xlsxRatio), min(xlsxRatio), max(xlsxRatio),
                median(csvRatio), min(csvRatio), max(csvRatio)));
        lines.add("load at end: " + load());
        unexpected.forEach(u -> lines.add("UNEXPECTED OUTCOME: " + u));
        String report = String.join(System.lineSeparator(), lines);
        System.out.println(System.lineSeparator() + report + System.lineSeparator());
        String name = "roster-import-" + db.toLowerCase(Locale.ROOT);
        Files.writeString(out.resolve(name + ".txt"), report + System.lineSeparator());
        // key=value figures for run.sh's RESULT lines
        Files.writeString(out.resolve(name + ".properties"), String.join(System.lineSeparator(),
                fig("ratio.xlsx", median(xlsxRatio)), fig("ratio.csv", median(csvRatio)),
                fig("xlsx.seconds", median(xlsxS)), fig("csv.seconds", median(csvS)), fig("again.seconds", median(againS)),
                fig("baseline.seconds", median(baseS)), "ok=" + unexpected.isEmpty()) + System.lineSeparator());
    }

    private static String fig(String key, double value) {
        return String.format(Locale.ROOT, "%s=%.3f", key, value);
    }

    private static String summary(String what, int rows, List<Double> seconds) {
        double m = median(seconds);
        return String.format(Locale.ROOT, "%-52s %6.2f  %6.2f  %6.2f   %,8.0f rows/s", what, m, min(seconds), max(seconds),
                rows / m);
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "n/a";
        }
    }

    /** Statistics for the planner (autovacuum may be off, as on the benchmark machine). */
    private void analyze() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (TestDatabase.postgres()) {
            jdbc.execute("ANALYZE household, resident, passbook");
        } else {
            jdbc.execute("ANALYZE");
        }
    }

    private record Timed(OrgUnit village, double seconds, RosterImport.Outcome outcome) { }

    private Timed runImport(byte[] file, String name) {
        return importInto(newVillage(), file, name);
    }

    private Timed importInto(OrgUnit village, byte[] file, String name) {
        Actor clerk = new Actor(-1, "bench", "基准测试", Role.VILLAGE_ADMIN, village.id(), village.path(), null, null);
        long start = System.nanoTime();
        RosterImport.Outcome outcome = rosters.importRoster(clerk, village.code(), name, file);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed(village, seconds, outcome);
    }

    private OrgUnit newVillage() {
        Actor system = Actor.system("/");
        String code = "BN" + Long.toString(System.nanoTime() % 1_000_000_000_000L, 36);
        OrgUnit v = orgUnits.create(system, TOWN, code, "基准村" + code, "VILLAGE");
        for (int g = 1; g <= 5; g++) {
            orgUnits.create(system, code, code + "-G" + g, "第" + "一二三四五".charAt(g - 1) + "网格", null);
        }
        return v;
    }

    /** Households of 1–6 people (about 3.2 on average), one row per person, every field realistic. */
    static List<String[]> generate(int rows) {
        Random r = new Random(2026);
        List<String[]> out = new ArrayList<>(rows);
        int household = 0;
        while (out.size() < rows) {
            household++;
            int size = Math.min(rows - out.size(), 1 + r.nextInt(6) / 2 + r.nextInt(3));
            String ref = String.format("%05d", household);
            String grid = "第" + "一二三四五".charAt(household % 5) + "网格";
            String address = "石角镇" + (household % 12 + 1) + "队" + household + "号";
            String lowIncome = r.nextInt(100) < 5 ? "是" : "否";
            char surname = SURNAMES.charAt(r.nextInt(SURNAMES.length()));
            Set<String> names = new HashSet<>();
            for (int m = 0; m < size; m++) {
                int i = out.size();
                String name;
                do {
                    name = (m == 1 ? String.valueOf(SURNAMES.charAt(r.nextInt(SURNAMES.length()))) : String.valueOf(surname))
                            + GIVEN.charAt(r.nextInt(GIVEN.length())) + GIVEN.charAt(r.nextInt(GIVEN.length()));
                } while (!names.add(name));
                String relation = m == 0 ? "户主" : RELATIONS[1 + Math.min(m - 1, RELATIONS.length - 2)];
                int year = 1940 + i % 70;
                String phone = m == 0 ? String.format("139%08d", i) : (r.nextInt(3) == 0 ? String.format("137%08d", i) : "");
                String id = r.nextBoolean() ? idCard(String.format("441821%04d0101%03d", year, i / 70)) : "";
                boolean party = r.nextInt(100) < 8;
                out.add(new String[] {ref, grid, address, lowIncome, name, relation, m == 1 ? "女" : (r.nextBoolean() ? "男" : "女"),
                        String.valueOf(year), phone, id, party ? "是" : "否", party ? "石角镇党委第一支部" : "",
                        r.nextInt(100) < 3 ? "是" : "否"});
            }
        }
        return out;
    }

    private static long households(List<String[]> roster) {
        return roster.stream().map(row -> row[0]).distinct().count();
    }

    static String idCard(String first17) {
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * w[i];
        }
        return first17 + "10X98765432".charAt(sum % 11);
    }

    static byte[] xlsx(List<String[]> roster) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            Sheet s = wb.createSheet("花名册");
            Row h = s.createRow(0);
            for (int c = 0; c < HEADER.length; c++) {
                h.createCell(c).setCellValue(HEADER[c]);
            }
            for (int i = 0; i < roster.size(); i++) {
                Row row = s.createRow(i + 1);
                String[] v = roster.get(i);
                for (int c = 0; c < v.length; c++) {
                    if (v[c].isEmpty()) {
                        continue;
                    }
                    if (c == 7) {
                        row.createCell(c).setCellValue(Integer.parseInt(v[c]));   // birth year as a number, as typed
                    } else {
                        row.createCell(c).setCellValue(v[c]);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            wb.dispose();
            return out.toByteArray();
        }
    }

    static byte[] csv(List<String[]> roster) {
        StringBuilder b = new StringBuilder("\uFEFF").append(String.join(",", HEADER)).append("\r\n");
        for (String[] v : roster) {
            b.append(String.join(",", v)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same rows written by plain JDBC batches in one transaction: the floor for the write. The same columns as
     * the import writes, the ID-card cipher, mask and digest included (computed before the clock starts: the
     * baseline is the bare write).
     */
    private Timed baseline(List<String[]> roster) {
        OrgUnit village = newVillage();
        List<OrgUnit> grids = orgUnits.gridsOf(village);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        long base = 8_000_000_000L + (System.nanoTime() % 1_000_000) * 1_000;
        OffsetDateTime now = OffsetDateTime.now();
        List<Object[]> hh = new ArrayList<>();
        List<Object[]> pb = new ArrayList<>();
        List<Object[]> people = new ArrayList<>();
        String lastRef = null;
        long hid = base;
        int seq = 0;
        for (String[] v : roster) {
            if (!v[0].equals(lastRef)) {
                lastRef = v[0];
                hid++;
                hh.add(new Object[] {village.id(), hid, v[0], grids.get((int) (hid % grids.size())).id(), v[2],
                        "是".equals(v[3]), now, now});
                pb.add(new Object[] {village.id(), hid, village.code() + "-" + String.format("%04d", ++seq), now.toLocalDate()});
            }
            String id = v[9].isEmpty() ? null : v[9];
            people.add(new Object[] {village.id(), hid, v[4], v[5], "户主".equals(v[5]), "男".equals(v[6]) ? "M" : "F",
                    Integer.parseInt(v[7]), v[8].isEmpty() ? null : v[8], id == null ? null : idCards.encrypt(id),
                    id == null ? null : IdCards.mask(id), id == null ? null : idCards.digest(id), "是".equals(v[10]),
                    v[11].isEmpty() ? null : v[11], "是".equals(v[12]), now});
        }
        long start = System.nanoTime();
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate("INSERT INTO household (village_id, id, household_ref, grid_id, address, low_income, status,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?)", hh);
            jdbc.batchUpdate("INSERT INTO resident (village_id, household_id, name, relation, is_head, gender, birth_year,"
                    + " phone, id_card_cipher, id_card_masked, id_card_digest, party_member, party_branch, disabled, status,"
                    + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)", people);
            jdbc.batchUpdate("INSERT INTO passbook (village_id, household_id, number, issued_on) VALUES (?, ?, ?, ?)", pb);
        });
        return new Timed(village, (System.nanoTime() - start) / 1e9, null);
    }

    private String databaseVersion() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion()
                    + " (" + c.getMetaData().getURL().replaceAll("password=[^&;]*", "password=…") + ")";
        }
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        Runtime rt = Runtime.getRuntime();
        return rt.availableProcessors() + " CPUs (nproc), " + cpu + "; " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + "; Java " + System.getProperty("java.version") + ", max heap "
                + rt.maxMemory() / (1024 * 1024) + " MB";
    }
}
