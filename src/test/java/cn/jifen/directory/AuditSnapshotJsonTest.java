package cn.jifen.directory;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log's before/after snapshots are written by the application's Jackson mapper, which replaced a
 * home-made writer: the stored text must stay what that writer produced (the expected strings below are its output),
 * so older and newer audit rows read alike.
 */
@IntegrationTest
class AuditSnapshotJsonTest extends Db {
    @Autowired JsonMapper json;
    @Autowired OrgUnits orgUnits;
    @Autowired JdbcClient jdbc;

    @Test
    void aSnapshotOfEveryValueKindIsWrittenAsTheOldWriterWroteIt() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", "G-01");
        m.put("name", "龙南村 \"新\" \\ 1\n2\t3\r");
        m.put("version", 3);
        m.put("parentId", 12L);
        m.put("active", true);
        m.put("householdCap", null);
        m.put("validFrom", LocalDate.of(2026, 1, 15));
        m.put("level", "VILLAGE");
        assertThat(json.writeValueAsString(m)).isEqualTo("{\"code\":\"G-01\",\"name\":\"龙南村 \\\"新\\\" \\\\ 1\\n2\\t3\\r\","
                + "\"version\":3,\"parentId\":12,\"active\":true,\"householdCap\":null,\"validFrom\":\"2026-01-15\","
                + "\"level\":\"VILLAGE\"}");
    }

    @Test
    void aRenamedUnitIsStoredWithTheSameSnapshotAsBefore() {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor admin = Actors.of(Role.COUNTY_ADMIN, county);
        OrgUnit town = orgUnits.create(admin, "441821", Actors.code("T"), "快照镇", null);
        orgUnits.rename(admin, town.code(), "快照新镇");
        String after = jdbc.sql("SELECT after_state FROM audit_log WHERE action = 'org.rename' AND target_id = :c")
                .param("c", town.code()).query(String.class).single();
        assertThat(after).isEqualTo("{\"code\":\"" + town.code() + "\",\"name\":\"快照新镇\",\"level\":\"TOWN\",\"parentId\":"
                + county.id() + ",\"active\":true}");
    }
}
