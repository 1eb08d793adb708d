package cn.jifen;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each module owns its tables (issue #15). The owner of every table is read from the Flyway migrations: the module
 * a migration belongs to ({@link #MIGRATION_OWNERS}), or, for a migration that creates tables of several modules
 * (V1, V8, V22), the module named in {@link #TABLE_OWNERS}. Another module's SQL may name only the owner's
 * reporting views ({@code *_v}, docs/architecture/reporting-views.md); anything else goes through the owner's Java
 * API. The SQL of a module is what its Java sources hold in string literals and text blocks.
 */
class TableOwnershipTest {
    static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");
    static final Path SOURCES = Path.of("src/main/java");
    static final Path VIOLATION_FIXTURE = Path.of("src/test/resources/ownership-fixture");

    /** The module that owns what each migration creates (migrations that create nothing need no entry). */
    static final Map<String, String> MIGRATION_OWNERS = Map.ofEntries(
            entry("V1", "directory"), entry("V2", "ledger"), entry("V3", "rules"), entry("V6", "claims"),
            entry("V7", "market"), entry("V7_2", "market"), entry("V8", "honours"), entry("V9", "stats"),
            entry("V10", "rules"), entry("V11", "market"), entry("V12", "identity"), entry("V13", "ledger"),
            entry("V14", "shared"), entry("V15", "shared"), entry("V22", "workbench"), entry("V24", "ledger"),
            entry("V25", "claims"), entry("V26", "notify"), entry("V27", "party"), entry("V28", "volunteers"),
            entry("V29", "meetings"), entry("V30", "wishes"), entry("V31", "proposals"), entry("V32", "complaints"),
            entry("V34", "ledger"), entry("V34_1", "directory"), entry("V34_2", "rules"), entry("V34_3", "claims"),
            entry("V34_4", "market"), entry("V38", "notify"),
            entry("V40", "ledger"));

    /** Tables whose migration also creates other modules' tables. */
    static final Map<String, String> TABLE_OWNERS = Map.ofEntries(
            entry("app_user", "identity"), entry("api_token", "identity"), entry("audit_log", "audit"),
            entry("supermarket", "market"), entry("board_setting", "noticeboard"),
            entry("ledger_verify_run", "ledger"));

    /**
     * References a module still makes to another's tables while it is being moved onto the owner's API or views:
     * "module file table". Empty: every module reads only its own tables and the views others publish.
     */
    static final Set<String> PENDING = Set.of();

    /** A module's source naming another module's table. */
    record Violation(String module, String file, int line, String table, String owner) {
        String key() {
            return module + " " + file.substring(file.lastIndexOf('/') + 1) + " " + table;
        }

        @Override
        public String toString() {
            return "module " + module + ": " + file + ":" + line + " names table " + table + " of module " + owner;
        }
    }

    private final MigrationSchema schema = MigrationSchema.read(MIGRATIONS);

    /** Table → owning module; a table of a migration without owner maps to null. */
    static Map<String, String> owners(MigrationSchema schema) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MigrationSchema.Relation r : schema.tables()) {
            out.put(r.name(), TABLE_OWNERS.getOrDefault(r.name(), MIGRATION_OWNERS.get(r.version())));
        }
        return out;
    }

    /** Every use of another module's table in the Java sources under {@code root} (a cn/jifen/... tree). */
    static List<Violation> violations(Path root, Map<String, String> owners) {
        List<Violation> out = new ArrayList<>();
        Path base = root.resolve("cn/jifen");
        try (Stream<Path> files = Files.walk(base)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Path rel = base.relativize(f);
                String module = rel.getNameCount() > 1 ? rel.getName(0).toString() : "(application)";
                for (SqlTableScanner.Use use : SqlTableScanner.uses(Files.readString(f))) {
                    String owner = owners.get(use.name());
                    if (owner != null && !owner.equals(module)) {
                        out.add(new Violation(module, root.relativize(f).toString().replace('\\', '/'), use.line(),
                                use.name(), owner));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void everyTableOfTheSchemaHasAnOwningModule() {
        List<String> unowned = owners(schema).entrySet().stream().filter(e -> e.getValue() == null)
                .map(e -> e.getKey() + " (created by " + schema.tables().stream()
                        .filter(r -> r.name().equals(e.getKey())).findFirst().orElseThrow().version() + ")")
                .toList();
        assertThat(unowned).as("tables no module owns: map their migration in MIGRATION_OWNERS").isEmpty();
    }

    @Test
    void everyOwnerIsAModuleOfTheApplication() {
        Set<String> owners = new TreeSet<>(MIGRATION_OWNERS.values());
        owners.addAll(TABLE_OWNERS.values());
        assertThat(owners).allSatisfy(m -> assertThat(SOURCES.resolve("cn/jifen/" + m)).isDirectory());
    }

    @Test
    void everyViewReadsOnlyTheTablesOfTheModuleThatPublishesIt() {
        Map<String, String> owners = owners(schema);
        List<String> foreign = new ArrayList<>();
        for (MigrationSchema.Relation v : schema.views()) {
            String publisher = MIGRATION_OWNERS.get(v.version());
            assertThat(publisher).as("the module publishing " + v.name() + " (" + v.version() + ")").isNotNull();
            assertThat(v.name()).as("a reporting view's name").endsWith("_v");
            assertThat(v.reads()).as("tables read by " + v.name()).isNotEmpty();
            v.reads().stream().filter(t -> !publisher.equals(owners.get(t)))
                    .forEach(t -> foreign.add(v.name() + " (" + publisher + ") reads " + t + " of " + owners.get(t)));
        }
        assertThat(foreign).isEmpty();
    }

    @Test
    void noModuleNamesAnotherModulesTableInItsSql() {
        List<Violation> found = violations(SOURCES, owners(schema)).stream()
                .filter(v -> !PENDING.contains(v.key())).toList();
        assertThat(found).as("use the owner's reporting view (*_v) or its Java API; references per module: "
                + perModule(found)).isEmpty();
    }

    @Test
    void everyPendingExceptionIsStillNeeded() {
        Set<String> used = new TreeSet<>();
        violations(SOURCES, owners(schema)).forEach(v -> used.add(v.key()));
        assertThat(PENDING).as("pending exceptions no longer used: remove them").allSatisfy(p ->
                assertThat(used).contains(p));
    }

    @Test
    void theCheckNamesTheModuleFileAndTableOfADeliberateViolation() {
        List<Violation> found = violations(VIOLATION_FIXTURE, owners(schema));
        assertThat(found).extracting(Violation::toString).containsExactly(
                "module stats: cn/jifen/stats/LeakyStatsSql.java:12 names table ledger_entry of module ledger",
                "module stats: cn/jifen/stats/LeakyStatsSql.java:22 names table household of module directory",
                "module stats: cn/jifen/stats/LeakyStatsSql.java:26 names table claim of module claims");
    }

    static Map<String, Integer> perModule(List<Violation> violations) {
        Map<String, Integer> out = new TreeMap<>();
        violations.forEach(v -> out.merge(v.module(), 1, Integer::sum));
        return out;
    }
}
