package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the ownership check takes for a table name in SQL, and what it does not. */
class SqlTableScannerTest {
    @Test
    void everyTableOfACommaSeparatedFromListIsNamed() {
        assertThat(SqlTableScanner.tableNames("SELECT 1 FROM org_unit o, household AS h, passbook WHERE o.id = h.grid_id"))
                .containsExactly("org_unit", "household", "passbook");
    }

    @Test
    void joinedInsertedUpdatedAndDeletedTablesAreNamed() {
        assertThat(SqlTableScanner.tableNames("""
                INSERT INTO stats_month SELECT * FROM ledger_entry e LEFT JOIN claim c ON c.id = e.id;
                UPDATE honour SET score = 1; DELETE FROM resident; ALTER TABLE passbook ADD x INT"""))
                .containsExactly("stats_month", "ledger_entry", "claim", "honour", "resident", "passbook");
    }

    @Test
    void aQualifiedColumnAFunctionOrAKeywordAfterFromIsNoTable() {
        assertThat(SqlTableScanner.tableNames(
                "SELECT EXTRACT(YEAR FROM claim.posted_at), SUBSTRING(x FROM 2) FROM generate_series(1, 3) "
                        + "ON CONFLICT (id) DO UPDATE SET y = 1")).isEmpty();
    }

    @Test
    void literalsJoinedByPlusAreReadAsOneWithTheLineOfTheName() {
        String source = """
                class A {
                    // FROM household in a comment
                    String sql = "SELECT 1 FROM "
                            + "household h JOIN " + COLUMNS + " x";
                    char quote = '"';
                    String other = "JOIN passbook p";
                }
                """;
        assertThat(SqlTableScanner.uses(source)).containsExactly(new SqlTableScanner.Use(4, "household"),
                new SqlTableScanner.Use(6, "passbook"));
    }
}
