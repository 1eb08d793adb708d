package cn.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The schema is ready for Citus with village_id as the distribution column: every table that
 * carries village_id has it in its primary key, every unique key and every foreign key between
 * village-owned tables. Tables without village_id are named here as reference or local tables.
 */
@IntegrationTest
class SchemaDistributionTest extends Db {
    static final Set<String> NOT_DISTRIBUTED = Set.of("org_unit", "app_user", "api_token", "audit_log",
            "rule_category", "rule_item", "rule_item_version", "rule_item_local", "county_policy", "county_policy_change",
            "honour_award", "auditor_partner", "party_formula",
            "stats_rollup_state",
            "complaint_setting",
            // the county's forbidden goods for the wish list (keyed by county, read by every village)
            "wish_forbidden_county", "wish_forbidden_term",
            // a verify covers one village or all (village_id NULL); a villager's last visit is keyed by account
            "ledger_verify_run", "villager_visit",
            "spring_session", "spring_session_attributes",
            "shedlock",
            // the index from a certificate's public code to its village (a reference table on Citus, CitusLayout)
            "certificate_code",
            // Spring Modulith's event publication registry: one row per event and listener, across villages
            "event_publication",
            // notifications: installation-wide queues the dispatcher claims across villages (FOR UPDATE SKIP LOCKED
            // spans shards), per-account inboxes and preferences, county settings and webhook subscriptions
            "notify_event", "notify_outbox", "notify_inbox", "notify_preference", "notify_county_setting",
            "notify_sms_usage", "notify_webhook",
            "flyway_schema_history");

    @Autowired JdbcClient jdbc;

    private String schema() {
        return jdbc.sql("SELECT CURRENT_SCHEMA").query(String.class).single();
    }

    private List<String> tables() {
        return jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = :s AND table_type IN ('BASE TABLE', 'TABLE')")
                .param("s", schema()).query(String.class).list().stream().map(String::toLowerCase).toList();
    }

    private boolean hasVillageId(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = :s AND LOWER(table_name) = :t AND LOWER(column_name) = 'village_id'")
                .param("s", schema()).param("t", table).query(Long.class).single() > 0;
    }

    @Test
    void everyTableIsEitherVillageOwnedOrNamedAsReference() {
        List<String> unclassified = tables().stream().filter(t -> !hasVillageId(t) && !NOT_DISTRIBUTED.contains(t)).toList();
        assertThat(unclassified).isEmpty();
    }

    @Test
    void everyKeyOfAVillageOwnedTableIncludesVillageId() {
        List<String> offenders = new ArrayList<>();
        List<Map<String, Object>> constraints = jdbc.sql("""
                SELECT tc.table_name, tc.constraint_name, tc.constraint_type
                FROM information_schema.table_constraints tc
                WHERE tc.table_schema = :s AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')""")
                .param("s", schema()).query().listOfRows();
        for (Map<String, Object> c : constraints) {
            String table = String.valueOf(c.get("table_name")).toLowerCase();
            if (!hasVillageId(table) || NOT_DISTRIBUTED.contains(table)) {
                continue; // only distributed (village-owned) tables need village_id in every key
            }
            List<String> columns = jdbc.sql("""
                    SELECT LOWER(column_name) FROM information_schema.key_column_usage
                    WHERE table_schema = :s AND constraint_name = :c""")
                    .param("s", schema()).param("c", c.get("constraint_name")).query(String.class).list();
            boolean fkToReference = "FOREIGN KEY".equals(c.get("constraint_type")) && !columns.contains("village_id");
            if (fkToReference && referencesReferenceTable(String.valueOf(c.get("constraint_name")))) {
                continue; // a foreign key to a reference table (org_unit) is allowed in Citus
            }
            if (!columns.contains("village_id")) {
                offenders.add(table + "." + c.get("constraint_name") + " " + columns);
            }
        }
        assertThat(offenders).isEmpty();
    }

    private boolean referencesReferenceTable(String constraint) {
        Set<String> targets = jdbc.sql("""
                SELECT LOWER(ccu.table_name) FROM information_schema.referential_constraints rc
                JOIN information_schema.table_constraints ccu ON ccu.constraint_name = rc.unique_constraint_name
                WHERE rc.constraint_name = :c""").param("c", constraint).query(String.class).list().stream()
                .collect(Collectors.toSet());
        return !targets.isEmpty() && NOT_DISTRIBUTED.containsAll(targets);
    }
}
