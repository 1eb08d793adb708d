package cn.jifen.stats.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.honours.Honours;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.market.Goods;
import cn.jifen.market.MarketFigures;
import cn.jifen.market.Supermarkets;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.stats.Exports;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;
import cn.jifen.ledger.TotalsReading;
import cn.jifen.stats.StatsClock;
import cn.jifen.stats.StatsClockConfig;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * A small town of two villages with known activity, made through the real services on chosen days,
 * and every headline figure checked exactly for each village and the town.
 */
@IntegrationTest
@Import(StatsClockConfig.class)
class StatsFiguresTest extends Db {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 3_000_000_000L);

    @Autowired StatsClock clock;
    @Autowired Stats stats;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired Claims claims;
    @Autowired Activities activities;
    @Autowired RuleCatalogue catalogue;
    @Autowired Supermarkets supermarkets;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Actor staff(Role role, OrgUnit unit) {
        long id = IDS.incrementAndGet();
        return new Actor(id, "stats-" + id, "统计测试", role, unit.id(), unit.path(), null, "127.0.0.1");
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    /** A town with villages A (3 households) and B (2), made on the clock's day. */
    final class Town {  // used by StatsReportTest too
        final Actor county = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow());
        final OrgUnit town = orgUnits.create(county, "441821", Actors.code("T"), "统计测试镇", null);
        final OrgUnit a = orgUnits.create(county, town.code(), Actors.code("A"), "统计甲村", "VILLAGE");
        final OrgUnit b = orgUnits.create(county, town.code(), Actors.code("B"), "统计乙村", "VILLAGE");
        final List<Household> ha = make(a, 3);
        final List<Household> hb = make(b, 2);

        List<Household> make(OrgUnit village, int n) {
            OrgUnit grid = orgUnits.create(county, village.code(), Actors.code("G"), "一网格", null);
            List<Household> out = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                out.add(households.create(county, village.code(), new HouseholdDraft(String.format("%04d", i), grid.code(),
                        "一组" + i + "号", false, List.of(
                        new ResidentDraft("户主" + i, "户主", "男", "1960", null, null, i == 1, i == 1 ? "第一支部" : null, false),
                        new ResidentDraft("配偶" + i, "配偶", "女", "1962", null, null, false, null, false)))));
            }
            return out;
        }

        Posting post(OrgUnit village, Household h, PostingKind kind, long points, String label) {
            return ledger.post(Actors.of(Role.VILLAGE_ADMIN, village), PostingRequest.of(village.id(), h.id(), kind, points,
                    label, key()).withReason(kind == PostingKind.VETO ? "一票否决测试" : null));
        }

        Posting reverse(OrgUnit village, Household h, PostingKind kind, Posting original) {
            return ledger.post(Actors.of(Role.VILLAGE_ADMIN, village), PostingRequest.reversal(village.id(), h.id(), kind,
                    original.postingId(), "测试冲正", key()));
        }

        long head(Household h) {
            return h.members().stream().filter(m -> m.name().startsWith("户主")).findFirst().orElseThrow().id();
        }
    }

    private String item(Actor admin, OrgUnit village, String sign, boolean publicity) {
        String code = Actors.code("S");
        catalogue.create(admin, village.code(), new ItemDraft(code, "ZYFW", "统计细则" + code, null, sign, 1, 20, "TIME",
                null, null, "MONTH", false, sign.equals("EARN") ? Set.of("GRID_WORKER", "VILLAGE_ADMIN", "SELF")
                : Set.of("GRID_WORKER", "VILLAGE_ADMIN"), false, false, publicity,
                LocalDate.of(2024, 1, 1), null));
        return code;
    }

    private Claim record(Actor who, OrgUnit village, Household h, String item, int points) {
        return claims.record(who, new ClaimDraft(village.id(), h.id(), null, item, points, LocalDate.now(clock), null,
                "统计测试", false));
    }

    /** Builds the known March 2025 activity; returns the town. */
    Town march2025() {
        clock.set(2025, 3, 10, 9);
        Town t = new Town();
        OrgUnit a = t.a;
        OrgUnit b = t.b;
        long shop = supermarkets.open(t.county, a, "甲村积分超市", "村委一楼");
        for (String standard : Supermarkets.STANDARDS) {      // all six 六有 standards met
            supermarkets.check(Actors.of(Role.VILLAGE_ADMIN, a), a.id(), shop, standard, true, LocalDate.now(clock), "检查",
                    null, null);
        }
        // village A, by hand
        t.post(a, t.ha.get(0), PostingKind.EARN, 50, "邻里互助");
        t.post(a, t.ha.get(1), PostingKind.EARN, 30, "邻里互助");
        t.post(a, t.ha.get(0), PostingKind.DEDUCT, 10, "乱扔垃圾");
        t.post(a, t.ha.get(2), PostingKind.EARN, 5, "邻里互助");
        t.post(a, t.ha.get(2), PostingKind.DEDUCT, 20, "乱扔垃圾");          // balance 5: −5, score −20
        t.post(a, t.ha.get(1), PostingKind.REDEEM, 12, "兑换：大米");
        Posting small = t.post(a, t.ha.get(1), PostingKind.REDEEM, 3, "兑换：肥皂");
        t.reverse(a, t.ha.get(1), PostingKind.CANCEL, small);
        // village A, claims
        Actor admin1 = staff(Role.VILLAGE_ADMIN, a);
        Actor admin2 = staff(Role.VILLAGE_ADMIN, a);
        Actor grid = staff(Role.GRID_WORKER, a);
        String earn = item(admin1, a, "EARN", false);
        String earnPublic = item(admin1, a, "EARN", true);
        String deduct = item(admin1, a, "DEDUCT", false);
        Claim c1 = record(grid, a, t.ha.get(0), earn, 8);
        clock.plusHours(2);
        claims.approve(admin1, a.id(), c1.id(), null, "属实");                 // posted after 2 h
        Claim c2 = record(grid, a, t.ha.get(1), earn, 6);
        claims.reject(admin1, a.id(), c2.id(), "不属实");
        Claim c3 = record(grid, a, t.ha.get(2), earnPublic, 10);
        claims.approve(admin1, a.id(), c3.id(), null, "属实");                 // in publicity
        claims.object(Actors.villager(a, t.ha.get(1).id()), a.id(), c3.id(), "我有异议");
        Claim c4 = record(grid, a, t.ha.get(2), deduct, 4);
        clock.plusHours(4);
        claims.approve(admin1, a.id(), c4.id(), null, "属实");                 // posted after 4 h; balance 0: −0, score −4
        claims.appeal(Actors.villager(a, t.ha.get(2).id()), a.id(), c4.id(), "我要申诉");
        // village A, an activity with two attendees whose award claims are approved
        Activity act = activities.publish(admin1, a.code(), "清扫村道", "村口", LocalDateTime.of(2025, 3, 10, 14, 0), earn, 10, 5);
        for (Household h : List.of(t.ha.get(0), t.ha.get(1))) {
            activities.signup(admin1, a.id(), act.id(), t.head(h), h.passbookNumber());
            activities.checkIn(admin1, a.id(), act.id(), t.head(h));
        }
        for (Activities.AwardResult r : activities.award(admin1, a.id(), act.id())) {
            claims.approve(admin2, a.id(), r.claimId(), null, "到场");          // posted at once
        }
        // village B
        t.post(b, t.hb.get(0), PostingKind.EARN, 100, "邻里互助");
        t.post(b, t.hb.get(0), PostingKind.EXPIRE, 40, "积分清零");
        t.post(b, t.hb.get(1), PostingKind.EARN, 20, "邻里互助");
        t.post(b, t.hb.get(1), PostingKind.VETO, 0, "一票否决");             // balance 20 forfeited
        return t;
    }

    static final Period MARCH = new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 31));

    @Test
    void everyFigureOfAKnownTownAndItsVillagesIsExact() {
        Town t = march2025();

        Figures a = stats.figures(t.a, MARCH);
        assertEquals(1, a.villages());
        assertEquals(3, a.passbooksIssued());
        assertEquals(3, a.passbooksIssuedInPeriod());
        assertEquals(3, a.passbooksActive());
        assertEquals(3, a.householdsCovered());
        assertEquals(6, a.residentsCovered());
        assertEquals(1, a.partyMembers());
        assertEquals(1, a.supermarketsOpen());
        assertEquals(0, a.redemptions());                 // market: none at a counter (these REDEEMs were posted directly)
        assertEquals(new BigDecimal("0.00"), a.goodsValueYuan());
        assertEquals(1L, a.supermarketsMeetingStandard());
        assertEquals(12, a.pointsRedeemed());             // 12 + 3 − 3
        assertEquals(2, a.activityAttendances());
        assertEquals(4, a.goodDeeds());                   // 50, 30, 5 by hand and claim c1; not the activity's awards
        assertEquals(6, a.participations());
        assertEquals(12, a.postings());                   // 6 EARN, 3 DEDUCT, 2 REDEEM, 1 CANCEL
        assertEquals(50 + 30 + 5 + 8 + 10 + 10, a.pointsIssued());
        assertEquals(10 + 5 + 0, a.pointsDeducted());
        assertEquals(10 + 20 + 4, a.scoreDeducted());
        assertEquals(0, a.pointsForfeited());
        assertEquals(0, a.pointsExpired());
        assertEquals(0, a.pointsCorrected());
        assertEquals(0, a.pointsOutstandingAtStart());
        assertEquals(58 + 28 + 0, a.pointsOutstanding());
        assertEquals(a.expectedOutstanding(), a.pointsOutstanding());
        assertEquals(6, a.claimsRecorded());              // c1..c4 and the two award claims
        assertEquals(5, a.claimsApproved());
        assertEquals(1, a.claimsRejected());
        assertEquals(1, a.claimsObjected());
        assertEquals(1, a.claimsAppealed());
        assertEquals(4, a.claimsPosted());
        assertEquals(0, a.vetoes());
        assertEquals(1.5, a.avgHoursToPost());            // 2 h, 4 h, 0 h, 0 h
        assertEquals(1.0, a.medianHoursToPost());
        assertFalse(a.closed());

        Figures b = stats.figures(t.b, MARCH);
        assertEquals(2, b.passbooksIssued());
        assertEquals(2, b.householdsCovered());
        assertEquals(4, b.residentsCovered());
        assertEquals(1, b.partyMembers());
        assertEquals(0, b.supermarketsOpen());
        assertEquals(0, b.redemptions());
        assertEquals(0, b.activityAttendances());
        assertEquals(2, b.goodDeeds());
        assertEquals(2, b.participations());
        assertEquals(4, b.postings());
        assertEquals(120, b.pointsIssued());
        assertEquals(0, b.pointsDeducted());
        assertEquals(0, b.scoreDeducted());
        assertEquals(20, b.pointsForfeited());
        assertEquals(40, b.pointsExpired());
        assertEquals(0, b.pointsRedeemed());
        assertEquals(60, b.pointsOutstanding());
        assertEquals(1, b.vetoes());
        assertEquals(0, b.claimsRecorded());
        assertNull(b.avgHoursToPost());

        Figures town = stats.figures(t.town, MARCH);
        assertEquals(2, town.villages());
        assertEquals(5, town.passbooksIssued());
        assertEquals(5, town.passbooksActive());
        assertEquals(5, town.householdsCovered());
        assertEquals(10, town.residentsCovered());
        assertEquals(2, town.partyMembers());
        assertEquals(1, town.supermarketsOpen());
        assertEquals(0, town.redemptions());
        assertEquals(1L, town.supermarketsMeetingStandard());
        assertEquals(8, town.participations());
        assertEquals(16, town.postings());
        assertEquals(233, town.pointsIssued());
        assertEquals(15, town.pointsDeducted());
        assertEquals(34, town.scoreDeducted());
        assertEquals(20, town.pointsForfeited());
        assertEquals(40, town.pointsExpired());
        assertEquals(12, town.pointsRedeemed());
        assertEquals(146, town.pointsOutstanding());
        assertEquals(town.expectedOutstanding(), town.pointsOutstanding());
        assertEquals(6, town.claimsRecorded());
        assertEquals(5, town.claimsApproved());
        assertEquals(1, town.claimsRejected());
        assertEquals(1, town.claimsObjected());
        assertEquals(1, town.claimsAppealed());
        assertEquals(4, town.claimsPosted());
        assertEquals(1, town.vetoes());
        assertEquals(1.5, town.avgHoursToPost());
        assertEquals("market", town.redemptionSource());
        assertEquals(market.of(List.of(t.a.id(), t.b.id()), MARCH.from(), MARCH.to()).supermarketsOpen(),
                town.supermarketsOpen());

        // the month before has nothing; February's outstanding is zero
        Figures feb = stats.figures(t.town, new Period(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 28)));
        assertEquals(0, feb.postings());
        assertEquals(0, feb.pointsOutstanding());
        assertEquals(0, feb.passbooksIssued());
    }

    @Test
    void breakdownsSeriesAndComparisonAddUpToTheHeadlineFigures() {
        Town t = march2025();
        Period q1 = Period.quarter(2025, 1);
        Figures town = stats.figures(t.town, q1);
        List<Stats.Row> rows = stats.compare(t.town, q1);
        assertEquals(List.of(t.a.code(), t.b.code()), rows.stream().map(Stats.Row::code).toList());
        assertEquals(town.pointsIssued(), rows.stream().mapToLong(Stats.Row::issued).sum());
        assertEquals(town.pointsOutstanding(), rows.stream().mapToLong(Stats.Row::outstanding).sum());
        assertEquals(146 - 60, rows.get(0).outstanding());
        assertEquals(3, rows.get(0).households());

        List<Stats.Month> months = stats.monthly(t.town, q1);
        assertEquals(List.of("2025-01", "2025-02", "2025-03"), months.stream().map(Stats.Month::month).toList());
        assertEquals(233, months.get(2).issued());
        assertEquals(0, months.get(0).postings());

        List<Stats.Line> cats = stats.byCategory(t.town, q1);
        Stats.Line volunteer = cats.stream().filter(c -> c.category().equals("志愿服务")).findFirst().orElseThrow();
        assertEquals(8 + 10 + 10, volunteer.earned());
        assertEquals(4, volunteer.deducted());
        Stats.Line other = cats.stream().filter(c -> c.category().equals("其他")).findFirst().orElseThrow();
        assertEquals(50 + 30 + 5 + 100 + 20, other.earned());

        List<StatsSql.HouseholdLine> hh = stats.households(t.a, q1);
        assertEquals(3, hh.size());
        assertEquals(50 - 10 + 8 + 10, hh.get(0).score());
        assertEquals(58, hh.get(0).balance());
        assertEquals(t.ha.get(0).passbookNumber(), hh.get(0).passbook());
    }

    @Test
    void aClosedPeriodDoesNotChangeWhenALateCorrectionIsPosted() {
        clock.set(2025, 5, 20, 10);
        Town t = new Town();
        Posting award = t.post(t.a, t.ha.get(0), PostingKind.EARN, 50, "邻里互助");
        t.post(t.a, t.ha.get(1), PostingKind.EARN, 30, "邻里互助");
        Period may = Period.month(YearMonth.of(2025, 5));
        Figures before = stats.figures(t.town, may);
        assertFalse(before.closed());

        clock.set(2025, 6, 3, 10);                         // May is closed
        Figures closed = stats.figures(t.town, may);
        assertTrue(closed.closed());
        t.reverse(t.a, t.ha.get(0), PostingKind.CORRECT, award);   // a late correction, posted in June

        Figures again = stats.figures(t.town, may);
        assertEquals(closed, again);
        assertEquals(80, again.pointsIssued());
        assertEquals(80, again.pointsOutstanding());
        assertEquals(2, again.postings());

        Figures june = stats.figures(t.town, Period.month(YearMonth.of(2025, 6)));
        assertEquals(-50, june.pointsCorrected());
        assertEquals(0, june.pointsIssued());
        assertEquals(80, june.pointsOutstandingAtStart());
        assertEquals(30, june.pointsOutstanding());
        assertEquals(1, june.postings());
    }

    @Test
    void aTownAdminSeesItsTownButNotAnotherAndAGridIsNoScope() {
        clock.set(2025, 7, 1, 10);
        Town t = new Town();
        Actor townAdmin = Actors.of(Role.TOWN_ADMIN, t.town);
        assertEquals(t.town.code(), stats.summary(townAdmin, t.town.code(), null, null).orgUnit());
        assertThrows(NotFound.class, () -> stats.summary(townAdmin, "441821100", null, null));
        assertThrows(NotFound.class, () -> stats.summary(townAdmin, "441821", null, null));
        assertThrows(Forbidden.class,
                () -> stats.summary(Actors.of(Role.GRID_WORKER, t.a), t.a.code(), null, null));
        OrgUnit grid = orgUnits.children(t.county, t.a.code()).get(0);
        assertThrows(InvalidInput.class, () -> stats.summary(townAdmin, grid.code(), null, null));
        assertThrows(InvalidInput.class, () -> stats.summary(townAdmin, t.town.code(), LocalDate.of(2025, 3, 2),
                LocalDate.of(2025, 3, 1)));
    }

    @Autowired Reports reports;
    @Autowired MarketFigures market;
    @Autowired Honours honours;
    @Autowired Exports exports;

    private static Workbook workbook(byte[] bytes) throws IOException {
        return WorkbookFactory.create(new ByteArrayInputStream(bytes));
    }

    private static Object value(Sheet sheet, String label) {
        for (Row r : sheet) {
            if (label.equals(r.getCell(0).getStringCellValue())) {
                var c = r.getCell(1);
                return c == null ? null : c.getCellType() == CellType.NUMERIC
                        ? (Object) (long) c.getNumericCellValue() : c.getStringCellValue();
            }
        }
        throw new AssertionError("no row " + label);
    }

    @Test
    void theMonthlyReportWorkbookHasOneSheetPerTableWithTheKnownFiguresAndSaysThePeriodIsClosed() throws Exception {
        Town t = march2025();
        clock.set(2025, 4, 2, 9);
        Actor county = t.county;
        clock.set(2025, 3, 31, 18);
        honours.confirmFlag(Actors.of(Role.VILLAGE_ADMIN, t.a), t.a.code(),
                "MONTH".equals(honours.flagPeriod(t.a)) ? "2025-03" : "2025-Q1", null, null);
        clock.set(2025, 4, 2, 9);
        Reports.Report r = reports.report(county, t.town.code(), "2025-03", Locale.SIMPLIFIED_CHINESE);
        assertTrue(r.closed());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports.xlsx(r, out);
        try (var wb = workbook(out.toByteArray())) {
            assertEquals(List.of("主要数字", "按类别", "按月", "下级比较", "积分前十户", "一票否决", "荣誉", "治理实践"),
                    IntStream.range(0, wb.getNumberOfSheets()).mapToObj(wb::getSheetName).toList());
            var head = wb.getSheet("主要数字");
            assertEquals(233L, value(head, "发放积分"));
            assertEquals(146L, value(head, "期末结余积分（可兑换）"));
            assertEquals(8L, value(head, "参与人次"));
            assertEquals(0L, value(head, "兑换人次"));
            assertEquals(1L, value(head, "达到“六有”标准的超市"));
            assertEquals(1, wb.getSheet("荣誉").getLastRowNum());                  // the red flag of March
            assertEquals("流动红旗", wb.getSheet("荣誉").getRow(1).getCell(1).getStringCellValue());
            assertEquals(5L, value(head, "已办理积分存折（截至期末）"));
            assertTrue(value(head, "状态").toString().startsWith("本期已结束"));
            assertEquals(2, wb.getSheet("下级比较").getLastRowNum());          // header + two villages
            assertEquals(1, wb.getSheet("一票否决").getLastRowNum());
            assertEquals("100", String.valueOf((long) wb.getSheet("积分前十户").getRow(1).getCell(3).getNumericCellValue()));
        }
        byte[] pdf = reports.pdf(r);
        assertEquals("%PDF", new String(pdf, 0, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void theLedgerExportHasOneRowPerPostingAsCsvAndXlsx() throws Exception {
        Town t = march2025();
        Exports.Job csv = exports.job(t.county, "ledger", "csv", t.town.code(), MARCH.from(), MARCH.to());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(16, exports.write(csv, out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1 + 16, text.strip().split("\r\n").length);
        assertTrue(text.contains(t.ha.get(0).passbookNumber()));
        assertTrue(text.contains("一票否决"));

        Exports.Job xlsx = exports.job(t.county, "ledger", "xlsx", t.town.code(), MARCH.from(), MARCH.to());
        out = new ByteArrayOutputStream();
        exports.write(xlsx, out);
        try (var wb = workbook(out.toByteArray())) {
            var sheet = wb.getSheetAt(0);
            assertEquals(16, sheet.getLastRowNum());
            long sum = 0;
            for (int i = 1; i <= 16; i++) {
                sum += (long) sheet.getRow(i).getCell(6).getNumericCellValue();
            }
            assertEquals(146, sum);                                    // Σ amounts = outstanding
        }
        out = new ByteArrayOutputStream();
        assertEquals(5, exports.write(exports.job(t.county, "households", "csv", t.town.code(), MARCH.from(), MARCH.to()), out));
        out = new ByteArrayOutputStream();
        assertEquals(6, exports.write(exports.job(t.county, "claims", "xlsx", t.town.code(), MARCH.from(), MARCH.to()), out));
    }

    @Test
    void aLargeExportIsWrittenAsItIsReadNotBufferedWhole() {
        clock.set(2025, 8, 1, 9);
        Town t = new Town();
        List<PostingRequest> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            batch.add(PostingRequest.earn(t.a.id(), t.ha.get(i % 3).id(), 1, "邻里互助", key()));
        }
        ledger.postAll(Actors.of(Role.VILLAGE_ADMIN, t.a), batch);
        Exports.Job job = exports.job(t.county, "ledger", "csv", t.a.code(), LocalDate.of(2025, 8, 1),
                LocalDate.of(2025, 8, 1));
        long[] firstWriteAt = {-1};
        long[] total = {0};
        OutputStream probe = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (firstWriteAt[0] < 0 && total[0] > 3) {
                    firstWriteAt[0] = total[0];
                }
                total[0] += len;
            }
        };
        assertEquals(5000, exports.write(job, probe));
        // the first rows reached the response while most were still to come (flushed every 1,000 rows)
        assertTrue(firstWriteAt[0] > 0 && firstWriteAt[0] < total[0] / 2, () -> firstWriteAt[0] + " of " + total[0]);
    }

    @Autowired StatsRollup rollup;
    @Autowired StatsSql statsSql;

    @Test
    void theMonthlyRollupGivesExactlyTheRawFiguresAndVerifiesAgainstTheLedger() {
        Town t = march2025();
        statsSql.clearRollup();
        try {
            clock.set(2025, 6, 10, 9);
            assertTrue(rollup.roll() >= 3, "January to May 2025 at least");
            assertEquals(LocalDate.of(2025, 5, 31), rollup.through().orElseThrow());
            assertEquals(List.of(), rollup.verify());
            List<Period> periods = List.of(MARCH, Period.quarter(2025, 1), Period.year(2025),
                    new Period(LocalDate.of(2025, 3, 10), LocalDate.of(2025, 6, 10)),
                    new Period(LocalDate.of(2025, 2, 15), LocalDate.of(2025, 4, 30)));
            for (Period p : periods) {
                stats.useRollup(false);
                Figures raw = stats.figures(t.town, p);
                List<Stats.Row> rawRows = stats.compare(t.town, p);
                List<Stats.Month> rawMonths = stats.monthly(t.town, p);
                List<Stats.Line> rawItems = stats.byItem(t.town, p);
                stats.useRollup(true);
                assertEquals(raw, stats.figures(t.town, p), p.toString());
                assertEquals(rawRows, stats.compare(t.town, p), p.toString());
                assertEquals(rawMonths, stats.monthly(t.town, p), p.toString());
                assertEquals(rawItems, stats.byItem(t.town, p), p.toString());
            }
            assertEquals(233, stats.figures(t.town, MARCH).pointsIssued());
            // a month is rolled only once it is over (with two days' margin) and only once
            assertEquals(0, rollup.roll());
            clock.set(2025, 7, 2, 9);
            assertEquals(0, rollup.roll());
            clock.set(2025, 7, 3, 9);
            assertEquals(1, rollup.roll());
            assertEquals(List.of(), rollup.verify());
        } finally {
            stats.useRollup(false);
            statsSql.clearRollup();
        }
    }

    @Autowired TotalsReading totalsReading;

    @Test
    void theLedgersMonthTotalsGiveExactlyTheFiguresOfThePostings() {
        Town t = march2025();
        clock.set(2025, 6, 10, 9);
        List<Period> periods = List.of(MARCH, Period.quarter(2025, 1), Period.year(2025),
                new Period(LocalDate.of(2025, 3, 10), LocalDate.of(2025, 6, 10)),
                new Period(LocalDate.of(2025, 2, 15), LocalDate.of(2025, 4, 30)),
                // days of March: after the postings (the month's total less the shorter rest, nothing left),
                // before them (the postings themselves), and around them (the month's total, the rest being empty)
                new Period(LocalDate.of(2025, 3, 11), LocalDate.of(2025, 3, 31)),
                new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 9)),
                new Period(LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 20)),
                new Period(LocalDate.of(2025, 3, 5), LocalDate.of(2025, 3, 31)));
        try {
            stats.useRollup(false);
            for (OrgUnit u : List.of(t.town, t.a)) {
                for (Period p : periods) {
                    totalsReading.use(false);
                    Figures raw = stats.figures(u, p);
                    List<Stats.Row> rawRows = stats.compare(u, p);
                    List<Stats.Month> rawMonths = stats.monthly(u, p);
                    List<Stats.Line> rawItems = stats.byItem(u, p);
                    totalsReading.use(true);
                    assertEquals(raw, stats.figures(u, p), u.code() + " " + p);
                    assertEquals(rawRows, stats.compare(u, p), u.code() + " " + p);
                    assertEquals(rawMonths, stats.monthly(u, p), u.code() + " " + p);
                    assertEquals(rawItems, stats.byItem(u, p), u.code() + " " + p);
                }
            }
            assertEquals(233, stats.figures(t.town, MARCH).pointsIssued());
            assertTrue(stats.figures(t.town, Period.year(2025)).goodDeeds() > 0, "good deeds counted");
        } finally {
            totalsReading.use(true);
        }
    }

    @Autowired Goods goods;

    @Test
    void theStockLedgerExportListsTheSupermarketMovementsOfTheScope() throws Exception {
        clock.set(2025, 9, 1, 9);
        Town t = new Town();
        Actor admin = Actors.of(Role.VILLAGE_ADMIN, t.a);
        long shop = supermarkets.open(t.county, t.a, "库存测试超市", "村委一楼");
        var rice = goods.create(admin, t.a.id(), shop, new Goods.ProductDraft("大米", "袋", "粮油", 0, 20,
                new BigDecimal("45.00")));
        goods.donation(admin, t.a.id(), rice.id(), 30, "爱心企业", LocalDate.now(clock));
        Period sept = Period.month(YearMonth.of(2025, 9));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(1, exports.write(exports.job(t.county, "stock", "csv", t.town.code(), sept.from(), sept.to()), out));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("库存测试超市") && text.contains("大米") && text.contains("捐赠入库")
                && text.contains("爱心企业"), text);
        out = new ByteArrayOutputStream();
        assertEquals(0, exports.write(exports.job(t.county, "stock", "xlsx", t.b.code(), sept.from(), sept.to()), out));
    }
}
