package cn.jifen.honours;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A fresh village with one grid and households whose head is a party member (branch 第一支部) and whose
 * spouse is not. Points are posted straight through the ledger; {@link #inCategory} links a posting to
 * a rule item of a category the way a posted claim does.
 */
public final class HonoursFixture {
    public final OrgUnit village;
    public final OrgUnit grid;
    public final Actor countyAdmin;
    public final Actor admin;
    public final List<Household> households = new ArrayList<>();
    public final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private final Ledger ledger;
    private final JdbcClient jdbc;

    public HonoursFixture(OrgUnits orgUnits, Households hh, Ledger ledger, JdbcClient jdbc, int count) {
        this.ledger = ledger;
        this.jdbc = jdbc;
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        village = orgUnits.create(countyAdmin, "441821100", Actors.code("H"), "荣誉测试村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        admin = Actors.of(Role.VILLAGE_ADMIN, village);
        for (int i = 1; i <= count; i++) {
            households.add(hh.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                    "一组" + i + "号", false, List.of(
                    new ResidentDraft("张" + "甲乙丙丁戊己庚辛壬癸".charAt((i - 1) % 10) + i, "户主", "男", "1960",
                            "1380000" + String.format("%04d", i), null, true, "第一支部", false),
                    new ResidentDraft("李" + i, "配偶", "女", "1962", null, null, false, null, false)))));
        }
    }

    public Household h(int i) {
        return households.get(i);
    }

    public long head(int i) {
        return households.get(i).members().stream().filter(m -> m.partyMember()).findFirst().orElseThrow().id();
    }

    public long spouse(int i) {
        return households.get(i).members().stream().filter(m -> !m.partyMember()).findFirst().orElseThrow().id();
    }

    public Posting earn(int i, long points) {
        return ledger.post(admin, PostingRequest.earn(village.id(), h(i).id(), points, "测试加分", UUID.randomUUID().toString()));
    }

    public Posting earnBy(int i, long resident, long points) {
        return ledger.post(admin, PostingRequest.earn(village.id(), h(i).id(), points, "测试加分",
                UUID.randomUUID().toString()).withResident(resident));
    }

    public Posting deduct(int i, long points) {
        return ledger.post(admin, PostingRequest.of(village.id(), h(i).id(), PostingKind.DEDUCT, points, "乱倒垃圾",
                UUID.randomUUID().toString()).withReason("测试扣分"));
    }

    public Posting veto(int i) {
        return ledger.post(admin, PostingRequest.of(village.id(), h(i).id(), PostingKind.VETO, 0, "一票否决",
                UUID.randomUUID().toString()).withReason("测试否决"));
    }

    /** A claim of the household in publicity until {@code days} from now (an earn item of the category). */
    public long inPublicity(int i, String categoryCode, int points, boolean deductItem) {
        Long itemId = jdbc.sql("""
                SELECT MIN(i.id) FROM rule_item i JOIN rule_category c ON c.id = i.category_id
                JOIN rule_item_version v ON v.item_id = i.id AND v.version = 1
                WHERE c.code = :c AND v.sign = :s""")
                .param("c", categoryCode).param("s", deductItem ? "DEDUCT" : "EARN").query(Long.class).single();
        if (itemId == null) {
            throw new IllegalStateException("no demo rule item in category " + categoryCode);
        }
        String itemCode = jdbc.sql("SELECT code FROM rule_item WHERE id = :i").param("i", itemId).query(String.class).single();
        jdbc.sql("""
                INSERT INTO claim (village_id, household_id, item_id, item_version, item_code, points, occurred_on, status,
                    recorded_by, recorded_by_name, recorder_role, recorded_at, publicity_ends_at)
                VALUES (:v, :h, :i, 1, :code, :pts, :d, 'IN_PUBLICITY', 1, 'test', 'VILLAGE_ADMIN', CURRENT_TIMESTAMP, :end)""")
                .param("v", village.id()).param("h", h(i).id()).param("i", itemId).param("code", itemCode)
                .param("pts", points).param("d", today).param("end", OffsetDateTime.now().plusDays(5)).update();
        return jdbc.sql("SELECT MAX(id) FROM claim WHERE village_id = :v").param("v", village.id()).query(Long.class).single();
    }

    /** Records a posted claim for the posting under an item of the category, as posting a claim does. */
    public void inCategory(Posting p, String categoryCode) {
        Long itemId = jdbc.sql("""
                SELECT MIN(i.id) FROM rule_item i JOIN rule_category c ON c.id = i.category_id WHERE c.code = :c""")
                .param("c", categoryCode).query(Long.class).single();
        if (itemId == null) {
            throw new IllegalStateException("no demo rule item in category " + categoryCode);
        }
        String itemCode = jdbc.sql("SELECT code FROM rule_item WHERE id = :i").param("i", itemId).query(String.class).single();
        jdbc.sql("""
                INSERT INTO claim (village_id, household_id, item_id, item_version, item_code, points, occurred_on, status,
                    recorded_by, recorded_by_name, recorder_role, recorded_at, posting_id, posted_at)
                VALUES (:v, :h, :i, 1, :code, :pts, :d, 'POSTED', 1, 'test', 'VILLAGE_ADMIN', CURRENT_TIMESTAMP, :p, CURRENT_TIMESTAMP)""")
                .param("v", village.id()).param("h", p.householdId()).param("i", itemId).param("code", itemCode)
                .param("pts", p.scoreDelta()).param("d", today).param("p", p.postingId()).update();
    }
}
