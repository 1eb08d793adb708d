package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.CitusLayout.ForeignKey;
import cn.jifen.CitusLayout.Layout;
import cn.jifen.CitusLayout.Placement;
import cn.jifen.CitusLayout.Table;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule that places Jifen's tables on a Citus cluster (docs/citus.md) places every table the migrations create —
 * checked on an H2 database migrated here, whatever the test database, so a migration that adds a table the rule
 * cannot place fails on every build, not only on the Citus stage.
 */
class CitusLayoutTest {
    private static List<Table> schema;

    @BeforeAll
    static void migrateAnEmptyDatabase() throws Exception {
        String url = "jdbc:h2:mem:cituslayout;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            schema = CitusLayout.read(c);
        }
    }

    @Test
    void everyTableOfTheMigrationsIsPlacedWithoutProblems() {
        Layout layout = CitusLayout.of(schema);

        assertThat(layout.problems()).isEmpty();
        assertThat(layout.placements().keySet()).containsExactlyInAnyOrderElementsOf(
                schema.stream().map(Table::name).filter(n -> !n.equals("flyway_schema_history")).toList());
        assertThat(layout.order()).hasSameSizeAs(layout.placements().keySet());
    }

    @Test
    void villageTablesAreDistributedAndCountyTablesAreReferenceTables() {
        Map<String, Placement> p = CitusLayout.of(schema).placements();

        assertThat(p).containsEntry("ledger_entry", Placement.DISTRIBUTED).containsEntry("redemption", Placement.DISTRIBUTED)
                .containsEntry("household", Placement.DISTRIBUTED).containsEntry("claim", Placement.DISTRIBUTED)
                .containsEntry("org_unit", Placement.REFERENCE).containsEntry("app_user", Placement.REFERENCE)
                .containsEntry("rule_item", Placement.REFERENCE).containsEntry("county_policy", Placement.REFERENCE)
                .containsEntry("certificate_code", Placement.REFERENCE).containsEntry("notify_outbox", Placement.REFERENCE)
                .containsEntry("shedlock", Placement.LOCAL);
    }

    @Test
    void everyListedExceptionIsATableOfTheSchemaTheRuleWouldNotPlaceByItself() {
        Map<String, Table> byName = new LinkedHashMap<>();
        schema.forEach(t -> byName.put(t.name(), t));

        assertThat(CitusLayout.EXCEPTIONS).allSatisfy((name, listed) -> {
            assertThat(byName).as("a stale exception").containsKey(name);
            assertThat(CitusLayout.byRule(byName.get(name))).as(name + ": the rule alone places it so already")
                    .isNotEqualTo(listed.placement());
            assertThat(listed.reason()).isNotBlank();
        });
    }

    @Test
    void referenceTablesComeBeforeDistributedOnesAndEachAfterTheTablesItReferences() {
        Layout layout = CitusLayout.of(schema);
        List<String> order = layout.order();

        assertThat(order.subList(0, layout.reference().size())).containsExactlyElementsOf(layout.reference());
        for (Table t : schema) {
            for (ForeignKey fk : t.foreignKeys()) {
                if (!fk.refTable().equals(t.name())) {
                    assertThat(order.indexOf(fk.refTable())).as(t.name() + " -> " + fk.refTable())
                            .isLessThan(order.indexOf(t.name()));
                }
            }
        }
    }

    // ---------------------------------------------------------------- the rule on new tables

    @Test
    void aNewVillageTableIsDistributedWithoutAnyEdit() {
        Table totals = table("points_month_total", false, List.of(List.of("village_id", "household_id", "month")),
                List.of(new ForeignKey("fk_total_household", List.of("village_id", "household_id"), "household",
                        List.of("village_id", "id"))));

        Layout layout = CitusLayout.of(List.of(household(), totals));

        assertThat(layout.problems()).isEmpty();
        assertThat(layout.placements()).containsEntry("points_month_total", Placement.DISTRIBUTED);
        assertThat(layout.order()).containsExactly("household", "points_month_total");
    }

    @Test
    void aNewTableWithoutVillageIsAReferenceTable() {
        Table catalogue = new Table("badge_kind", Map.of("id", false, "name", false), List.of(List.of("id")),
                List.of());

        assertThat(CitusLayout.of(List.of(catalogue)).placements()).containsEntry("badge_kind", Placement.REFERENCE);
    }

    @Test
    void aNullableVillageIdIsAProblemUntilListed() {
        Table t = table("survey", true, List.of(List.of("village_id", "id")), List.of());

        Layout layout = CitusLayout.of(List.of(t));

        assertThat(layout.placements()).doesNotContainKey("survey");
        assertThat(layout.problems()).singleElement().asString().startsWith("survey: village_id is nullable");
    }

    @Test
    void aUniqueKeyWithoutVillageIdOnAVillageTableIsAProblem() {
        Table t = table("voucher", false, List.of(List.of("village_id", "id"), List.of("code")), List.of());

        assertThat(CitusLayout.of(List.of(t)).problems()).singleElement().asString()
                .startsWith("voucher: unique key [code] lacks village_id");
    }

    @Test
    void aForeignKeyFromAReferenceTableToAVillageTableIsAProblem() {
        Table t = new Table("badge", Map.of("id", false, "household_id", true), List.of(List.of("id")),
                List.of(new ForeignKey("fk_badge_household", List.of("household_id"), "household", List.of("id"))));

        assertThat(CitusLayout.of(List.of(household(), t)).problems()).singleElement().asString()
                .startsWith("badge: foreign key fk_badge_household from a reference table to distributed household");
    }

    @Test
    void aForeignKeyBetweenVillageTablesThatDoesNotPairVillageIdsIsAProblem() {
        Table t = table("gift", false, List.of(List.of("village_id", "id")), List.of(new ForeignKey("fk_gift_household",
                List.of("household_village_id", "household_id"), "household", List.of("village_id", "id"))));

        assertThat(CitusLayout.of(List.of(household(), t)).problems()).singleElement().asString()
                .startsWith("gift: foreign key fk_gift_household to household does not pair village_id");
    }

    private static Table household() {
        return table("household", false, List.of(List.of("village_id", "id")), List.of());
    }

    private static Table table(String name, boolean villageNullable, List<List<String>> unique, List<ForeignKey> fks) {
        Map<String, Boolean> columns = new LinkedHashMap<>();
        columns.put("village_id", villageNullable);
        columns.put("id", false);
        return new Table(name, columns, unique, fks);
    }
}
