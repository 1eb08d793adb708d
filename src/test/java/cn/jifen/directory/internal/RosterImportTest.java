package cn.jifen.directory.internal;

import static cn.jifen.directory.internal.RosterReaderTest.Files.idCard;
import static cn.jifen.directory.internal.RosterReaderTest.Files.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.directory.RosterImport.Outcome;
import cn.jifen.directory.RosterImport.RowProblem;
import cn.jifen.directory.RosterImport;
import cn.jifen.directory.internal.RosterReaderTest.Files;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Roster import through the service, each test in a village of its own. */
@IntegrationTest
public class RosterImportTest extends Db {
    private static final AtomicInteger SEQ = new AtomicInteger();
    static final String TOWN = "441821100";

    @Autowired RosterImport rosters;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    OrgUnit village;
    String g1;
    Actor clerk;

    @BeforeEach
    void ownVillage() {
        village = newVillage(orgUnits);
        g1 = village.code() + "-G1";
        clerk = clerkOf(village);
    }

    /** A new village with grids 第一网格 (-G1) and 第二网格 (-G2), unique across runs on one database. */
    public static OrgUnit newVillage(OrgUnits orgUnits) {
        Actor system = Actor.system("/");
        String code = "RI" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + SEQ.incrementAndGet();
        OrgUnit v = orgUnits.create(system, TOWN, code, "导入测试村" + code, "VILLAGE");
        orgUnits.create(system, code, code + "-G1", "第一网格", null);
        orgUnits.create(system, code, code + "-G2", "第二网格", null);
        return v;
    }

    public static Actor clerkOf(OrgUnit village) {
        return new Actor(-1, "test-clerk", "测试村干部", Role.VILLAGE_ADMIN, village.id(), village.path(), null, "127.0.0.1");
    }

    private Outcome run(byte[] file) {
        return rosters.importRoster(clerk, village.code(), "花名册.xlsx", file);
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single();
    }

    private byte[] twoHouseholds() {
        return Files.xlsx(
                person("001", g1, "1队1号", "陈建国", "户主", "男", 1960, "13900000001", idCard("44182119600101001")),
                person("001", g1, "1队1号", "黄秀英", "配偶", "女", 1962, "", ""),
                person("001", g1, "1队1号", "陈小明", "子女", "男", 1990, "13700000001", ""),
                person("002", "第二网格", "2队7号", "李德福", "户主", "男", 1955, "0763-4221234", ""));
    }

    @Test
    void aValidWorkbookImportsEveryHouseholdWithResidentsAndPassbooks() {
        Outcome outcome = run(twoHouseholds());

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.imported()).isTrue();
        assertThat(outcome).extracting(Outcome::householdsAdded, Outcome::residentsAdded, Outcome::residentsUnchanged)
                .containsExactly(2, 4, 0);
        assertThat(count("household")).isEqualTo(2);
        assertThat(count("resident")).isEqualTo(4);
        Household first = households.byPassbook(clerk, village.code() + "-0001");
        assertThat(first.householdRef()).isEqualTo("001");
        assertThat(first.headName()).isEqualTo("陈建国");
        assertThat(first.members()).extracting(Resident::name).containsExactlyInAnyOrder("陈建国", "黄秀英", "陈小明");
        assertThat(first.head().idCardMasked()).isEqualTo(IdCards.mask(idCard("44182119600101001")));
        Household second = households.byPassbook(clerk, village.code() + "-0002");
        assertThat(second.gridName()).isEqualTo("第二网格");
        assertThat(second.head().phone()).isEqualTo("0763-4221234");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'roster.import' AND target_id = :c")
                .param("c", village.code()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void importingTheSameFileAgainChangesNothing() {
        byte[] file = twoHouseholds();
        run(file);
        long audits = jdbc.sql("SELECT COUNT(*) FROM audit_log").query(Long.class).single();

        Outcome again = run(file);

        assertThat(again.imported()).isTrue();
        assertThat(again).extracting(Outcome::householdsAdded, Outcome::residentsAdded, Outcome::residentsUnchanged)
                .containsExactly(0, 0, 4);
        assertThat(count("household")).isEqualTo(2);
        assertThat(count("resident")).isEqualTo(4);
        assertThat(count("passbook")).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log").query(Long.class).single()).isEqualTo(audits);
    }

    @Test
    void oneBadRowImportsNothingAndEveryBadRowAndColumnIsListed() {
        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1队1号", "陈建国", "户主", "男", 1960, "", ""),
                person("002", g1, "", "李德福", "户主", "男", 1955, "12345", ""),
                person("003", g1, "3号", "王五", "户主", "不详", 1800, "", "")));

        assertThat(outcome.imported()).isFalse();
        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code).containsExactly(
                tuple(3, "家庭住址", "error.required"),
                tuple(3, "手机号", "error.resident.phone"),
                tuple(4, "性别", "error.resident.gender"),
                tuple(4, "出生年份", "error.resident.birthYear"));
        assertThat(outcome.problems().get(1).message()).startsWith("手机号格式不对");
        assertThat(outcome.problems().get(3).message()).contains(String.valueOf(Year.now().getValue()))
                .doesNotContain(",");
        assertThat(count("household")).isZero();
        assertThat(count("resident")).isZero();
    }

    @Test
    void aBadPhoneIsRejectedWithTheFormsMessage() {
        Outcome outcome = run(Files.xlsx(person("001", g1, "1号", "陈建国", "户主", "男", 1960, "1390000000", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::message)
                .containsExactly(tuple(2, "手机号", "手机号格式不对：手机号为 11 位数字（以 1 开头），固定电话须带区号。"));
    }

    @Test
    void theSamePersonTwiceInTheFileIsRejected() {
        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1号", "陈建国", "户主", "男", 1960, "", ""),
                person("001", g1, "1号", "陈建国", "配偶", "男", 1961, "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(3, "姓名", "error.import.duplicateInFile"));
        assertThat(outcome.problems().get(0).message()).isEqualTo("与第 2 行是同一个人（户编号和姓名相同）。");
        assertThat(count("household")).isZero();
    }

    @Test
    void theSameIdCardTwiceInTheFileIsRejected() {
        String id = idCard("44182119700202002");
        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1号", "陈建国", "户主", "男", 1970, "", id),
                person("002", g1, "2号", "李德福", "户主", "男", 1970, "", id.toLowerCase())));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(3, "身份证号", "error.import.duplicateIdInFile"));
    }

    @Test
    void aRegisteredPersonWithOtherDetailsIsRejectedColumnByColumn() {
        run(twoHouseholds());

        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1队1号", "陈建国", "户主", "男", 1961, "13900000009", idCard("44182119600101001"))));

        assertThat(outcome.imported()).isFalse();
        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code).containsExactly(
                tuple(2, "出生年份", "error.import.conflictsWithDb"),
                tuple(2, "手机号", "error.import.conflictsWithDb"));
        assertThat(households.byPassbook(clerk, village.code() + "-0001").head().birthYear()).isEqualTo(1960);
    }

    @Test
    void anIdCardRegisteredForAnotherPersonIsRejected() {
        run(twoHouseholds());

        Outcome outcome = run(Files.xlsx(
                person("009", g1, "9号", "赵六", "户主", "男", 1960, "", idCard("44182119600101001"))));

        assertThat(outcome.problems()).extracting(RowProblem::column, RowProblem::code)
                .containsExactly(tuple("身份证号", "error.resident.idRegistered"));
        assertThat(count("household")).isEqualTo(2);
    }

    @Test
    void anUnknownGridIsRejectedAndAGridMayBeNamedOrCoded() {
        Outcome outcome = run(Files.xlsx(
                person("001", g1.toLowerCase(), "1号", "陈建国", "户主", "男", 1960, "", ""),
                person("002", "第二网格", "2号", "李德福", "户主", "男", 1960, "", ""),
                person("003", "441821100201-G1", "3号", "王五", "户主", "男", 1960, "", ""),
                person("004", "第九网格", "4号", "赵六", "户主", "男", 1960, "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::message)
                .containsExactly(tuple(4, "网格", "网格“441821100201-G1”不是本村启用中的网格。"),
                        tuple(5, "网格", "网格“第九网格”不是本村启用中的网格。"));
    }

    @Test
    void aFormulaCellIsRejected() {
        Outcome outcome = run(Files.xlsx(person("001", g1, "1号", "陈建国", "户主", "男", "=1900+60", "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(2, "出生年份", "error.import.formula"));
        assertThat(count("household")).isZero();
    }

    @Test
    void rowsOfOneHouseholdMustAgreeAndHaveExactlyOneHead() {
        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1号", "陈建国", "户主", "男", 1960, "", ""),
                person("001", g1, "1队1号", "黄秀英", "户主", "女", 1962, "", ""),
                person("002", g1, "2号", "李德福", "配偶", "男", 1960, "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code).containsExactly(
                tuple(3, "家庭住址", "error.import.householdMismatch"),
                tuple(3, "与户主关系", "error.household.oneHead"),
                tuple(4, "与户主关系", "error.household.oneHead"));
    }

    @Test
    void aNewPersonJoinsARegisteredHouseholdWhenItsGridAndAddressMatch() {
        run(twoHouseholds());

        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1队1号", "陈建国", "户主", "男", 1960, "13900000001", idCard("44182119600101001")),
                person("001", g1, "1队1号", "陈小红", "子女", "女", 1995, "", ""),
                person("002", g1, "2队7号", "李小龙", "子女", "男", 1985, "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code)
                .containsExactly(tuple(4, "网格", "error.import.existingHouseholdGrid"));

        outcome = run(Files.xlsx(
                person("001", g1, "1队1号", "陈建国", "户主", "男", 1960, "13900000001", idCard("44182119600101001")),
                person("001", g1, "1队1号", "陈小红", "子女", "女", 1995, "", ""),
                person("001", g1, "1队1号", "陈大", "户主", "男", 1980, "", "")));
        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::code)
                .containsExactly(tuple(4, "error.household.oneHead"));

        outcome = run(Files.xlsx(
                person("001", g1, "1队1号", "陈建国", "户主", "男", 1960, "13900000001", idCard("44182119600101001")),
                person("001", g1, "1队1号", "陈小红", "子女", "女", 1995, "", "")));
        assertThat(outcome).extracting(Outcome::imported, Outcome::householdsAdded, Outcome::residentsAdded,
                Outcome::residentsUnchanged).containsExactly(true, 0, 1, 1);
        assertThat(households.byPassbook(clerk, village.code() + "-0001").members()).extracting(Resident::name)
                .contains("陈小红");
    }

    @Test
    void csvInUtf8WithBomAndInGb18030BothImport() {
        String csv = Files.csv(person("001", g1, "石角镇1队1号", "陈建国", "户主", "男", 1960, "", ""),
                person("002", "第二网格", "石角镇2队2号", "欧阳秀英", "户主", "女", 1962, "", ""));
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] utf8 = new byte[bom.length + csv.getBytes(StandardCharsets.UTF_8).length];
        System.arraycopy(bom, 0, utf8, 0, 3);
        System.arraycopy(csv.getBytes(StandardCharsets.UTF_8), 0, utf8, 3, utf8.length - 3);

        Outcome first = rosters.importRoster(clerk, village.code(), "花名册.csv", utf8);
        assertThat(first.problems()).isEmpty();
        assertThat(first.residentsAdded()).isEqualTo(2);

        Outcome second = rosters.importRoster(clerk, village.code(), "花名册.csv", csv.getBytes(Charset.forName("GB18030")));
        assertThat(second.problems()).isEmpty();
        assertThat(second).extracting(Outcome::residentsAdded, Outcome::residentsUnchanged).containsExactly(0, 2);
        assertThat(households.byPassbook(clerk, village.code() + "-0002").headName()).isEqualTo("欧阳秀英");
        assertThat(households.byPassbook(clerk, village.code() + "-0002").address()).isEqualTo("石角镇2队2号");
    }

    @Test
    void namesWithMarkupAreRejected() {
        Outcome outcome = run(Files.xlsx(
                person("001", g1, "1号", "<script>alert(1)</script>", "户主", "男", 1960, "", ""),
                person("002", "<b>网格</b>", "<img src=x onerror=alert(1)>", "李四", "户主", "男", 1960, "", "")));

        assertThat(outcome.problems()).extracting(RowProblem::row, RowProblem::column, RowProblem::code).containsExactly(
                tuple(2, "姓名", "error.markup"),
                tuple(3, "网格", "error.household.unknownGrid"),
                tuple(3, "家庭住址", "error.markup"));
        assertThat(count("household")).isZero();
    }

    @Test
    void namesWithSqlTextAreStoredVerbatimAndHarmless() {
        String name = "王'); DROP TABLE household;--";
        Outcome outcome = run(Files.xlsx(person("001", g1, "1号'; DELETE FROM resident;--", name, "户主", "男", 1960, "", "")));

        assertThat(outcome.problems()).isEmpty();
        Household h = households.byPassbook(clerk, village.code() + "-0001");
        assertThat(h.headName()).isEqualTo(name);
        assertThat(h.address()).isEqualTo("1号'; DELETE FROM resident;--");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM household").query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM resident").query(Long.class).single()).isPositive();
        assertThat(run(Files.xlsx(person("001", g1, "1号'; DELETE FROM resident;--", name, "户主", "男", 1960, "", ""))))
                .extracting(Outcome::residentsUnchanged).isEqualTo(1);
    }

    @Test
    void filesThatAreNoRosterAreRefusedByContentAndChangeNothing() {
        byte[] xls = new byte[512];
        byte[] magic = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
        System.arraycopy(magic, 0, xls, 0, magic.length);
        byte[] png = Base64.getDecoder().decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        byte[] good = twoHouseholds();
        byte[] broken = Arrays.copyOf(good, good.length - 200);

        assertThat(rosters.importRoster(clerk, village.code(), "花名册.xls", xls).problems())
                .extracting(RowProblem::row, RowProblem::code).containsExactly(tuple(0, "error.import.type"));
        assertThat(rosters.importRoster(clerk, village.code(), "花名册.xlsx", png).problems())
                .extracting(RowProblem::code).containsExactly("error.import.type");
        assertThat(rosters.importRoster(clerk, village.code(), "花名册.xlsx", broken).problems())
                .extracting(RowProblem::code).containsExactly("error.import.broken");
        assertThat(rosters.importRoster(clerk, village.code(), "花名册.xlsx", null).problems())
                .extracting(RowProblem::code).containsExactly("error.import.noFile");
        assertThat(count("household")).isZero();
    }

    @Test
    void tooManyRowsAndTooLargeContentAreRefusedBeforeAnyWork() {
        StringBuilder csv = new StringBuilder(String.join(",", Files.HEADER)).append('\n');
        for (int i = 0; i <= rosters.maxRows(); i++) {
            csv.append("R").append(i).append(',').append(g1).append(",1号,否,某人,户主,男,1960\n");
        }
        Outcome tooMany = rosters.importRoster(clerk, village.code(), "big.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(tooMany.problems()).extracting(RowProblem::code, RowProblem::message)
                .containsExactly(tuple("error.import.tooManyRows", "一次最多导入 " + rosters.maxRows() + " 行，请拆分文件。"));

        byte[] huge = new byte[(int) rosters.maxUpload().toBytes() + 1];
        assertThat(rosters.importRoster(clerk, village.code(), "huge.csv", huge).problems())
                .extracting(RowProblem::code).containsExactly("error.upload.tooLarge");
        assertThat(count("household")).isZero();
    }

    @Test
    void aVillageAdminCannotImportIntoAnotherVillageNorAGridWorkerAtAll() {
        OrgUnit other = newVillage(orgUnits);
        byte[] file = Files.xlsx(person("001", other.code() + "-G1", "1号", "陈建国", "户主", "男", 1960, "", ""));

        assertThatThrownBy(() -> rosters.importRoster(clerk, other.code(), "x.xlsx", file)).isInstanceOf(NotFound.class);
        OrgUnit grid = orgUnits.byCode(other.code() + "-G1").orElseThrow();
        Actor gridWorker = new Actor(-1, "test-grid", "网格员", Role.GRID_WORKER, grid.id(), grid.path(), null, null);
        assertThatThrownBy(() -> rosters.importRoster(gridWorker, other.code(), "x.xlsx", file))
                .isInstanceOf(Forbidden.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v").param("v", other.id())
                .query(Long.class).single()).isZero();
    }

    @Test
    void twoClerksImportingTheSameFileAtOnceRegisterEveryoneOnce() throws Exception {
        byte[] file = twoHouseholds();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outcome>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return run(file);
                }));
            }
            start.countDown();
            Outcome a = runs.get(0).get(60, TimeUnit.SECONDS);
            Outcome b = runs.get(1).get(60, TimeUnit.SECONDS);

            assertThat(a.imported() && b.imported()).isTrue();
            assertThat(a.householdsAdded() + b.householdsAdded()).isEqualTo(2);
            assertThat(a.residentsUnchanged() + b.residentsUnchanged()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("household")).isEqualTo(2);
        assertThat(count("resident")).isEqualTo(4);
        assertThat(count("passbook")).isEqualTo(2);
    }

    @Test
    void everyProblemOfALargeBadFileIsCounted() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(person(String.format("H%03d", i), g1, "1号", "某" + i, "户主", "男", 1960, "bad", ""));
        }
        Outcome outcome = run(Files.xlsx(rows.toArray(Object[][]::new)));

        assertThat(outcome.problemCount()).isEqualTo(300);
        assertThat(outcome.problems()).hasSize(300).allMatch(p -> p.column().equals("手机号"));
        assertThat(outcome.problems().get(299).row()).isEqualTo(301);
    }
}
