package cn.jifen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tables and views the Flyway migrations create, read from the SQL files in version order: for each, the
 * version of the migration that created it (e.g. "V7_1"); for a view, also the tables its query reads. A table or
 * view dropped by a later migration is gone.
 */
final class MigrationSchema {
    /** A table or view and the migration version that created it. */
    record Relation(String name, String version, boolean view, List<String> reads) { }

    private static final Pattern FILE = Pattern.compile("(V\\d+(?:_\\d+)*)__.*\\.sql");
    private static final Pattern STATEMENT = Pattern.compile(
            "(?is)\\b(CREATE|DROP)\\s+(?:OR\\s+REPLACE\\s+)?(TABLE|VIEW)\\s+(?:IF\\s+(?:NOT\\s+)?EXISTS\\s+)?"
                    + "([A-Za-z_][A-Za-z0-9_]*)([^;]*)");

    private final Map<String, Relation> relations = new LinkedHashMap<>();

    private MigrationSchema() { }

    static MigrationSchema read(Path directory) {
        MigrationSchema schema = new MigrationSchema();
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> sorted = files.filter(f -> FILE.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(MigrationSchema::versionOf, MigrationSchema::compareVersions)).toList();
            for (Path f : sorted) {
                schema.apply(versionOf(f), Files.readString(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema;
    }

    /** Applies the CREATE and DROP statements of one migration (comments removed first). */
    void apply(String version, String sql) {
        Matcher m = STATEMENT.matcher(sql.replaceAll("--[^\\n]*", ""));
        while (m.find()) {
            String name = m.group(3).toLowerCase(Locale.ROOT);
            boolean view = m.group(2).equalsIgnoreCase("VIEW");
            if (m.group(1).equalsIgnoreCase("DROP")) {
                relations.remove(name);
            } else {
                List<String> reads = view ? SqlTableScanner.tableNames(m.group(4)) : List.of();
                relations.put(name, new Relation(name, version, view, reads));
            }
        }
    }

    List<Relation> tables() {
        return relations.values().stream().filter(r -> !r.view()).toList();
    }

    List<Relation> views() {
        return relations.values().stream().filter(Relation::view).toList();
    }

    static String versionOf(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(file.toString());
        }
        return m.group(1);
    }

    /** V7 < V7_1 < V7_2 < V8 < V10, as Flyway orders them. */
    static int compareVersions(String a, String b) {
        String[] x = a.substring(1).split("_");
        String[] y = b.substring(1).split("_");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : -1;
            long q = i < y.length ? Long.parseLong(y[i]) : -1;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
