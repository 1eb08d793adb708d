package cn.jifen.proposals.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.proposals.Proposal;
import cn.jifen.proposals.ProposalDraft;
import cn.jifen.proposals.ProposalStatus;
import cn.jifen.proposals.Proposals;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Village votes: drafts, publishing, one vote per household or adult, secret counts, closing with points. */
@IntegrationTest
class ProposalsTest extends Db {
    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 5_000_000_000L);

    @Autowired Proposals proposals;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired RuleCatalogue catalogue;
    @Autowired Claims claims;
    @Autowired List<PracticeFigures> figures;
    @Autowired JdbcClient jdbc;

    final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    OrgUnit village;
    OrgUnit grid;
    OrgUnit grid2;
    Actor admin;
    Actor gridWorker2;
    Actor townAdmin;
    String itemCode;
    final List<Household> hs = new ArrayList<>();

    @BeforeEach
    void village() {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, county);
        OrgUnit town = orgUnits.byCode("441821100").orElseThrow();
        townAdmin = staff(Role.TOWN_ADMIN, town);
        village = orgUnits.create(countyAdmin, town.code(), Actors.code("V"), "议事村", "VILLAGE");
        grid = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "一网格", null);
        grid2 = orgUnits.create(countyAdmin, village.code(), Actors.code("G"), "二网格", null);
        admin = staff(Role.VILLAGE_ADMIN, village);
        gridWorker2 = staff(Role.GRID_WORKER, grid2);
        String child = String.valueOf(today.getYear() - 10);
        for (int i = 1; i <= 4; i++) {
            hs.add(households.create(countyAdmin, village.code(), new HouseholdDraft(String.format("%04d", i),
                    grid.code(), "一组" + i + "号", false, List.of(
                    new ResidentDraft("户主" + i, "户主", "男", "1960", null, null, false, null, false),
                    new ResidentDraft("配偶" + i, "配偶", "女", "1962", null, null, false, null, false),
                    new ResidentDraft("孩子" + i, "子女", "女", child, null, null, false, null, false)))));
        }
        itemCode = Actors.code("Y");
        catalogue.create(admin, village.code(), new ItemDraft(itemCode, "XCZL", "参加村民议事", null, "EARN", 5, 5,
                "TIME", null, null, "YEAR", false, Set.of("VILLAGE_ADMIN", "GRID_WORKER"), false, false, true,
                today.minusDays(30), null));
    }

    private static Actor staff(Role role, OrgUnit unit) {
        long id = IDS.incrementAndGet();
        return new Actor(id, role.name().toLowerCase() + "-" + id, "测试", role, unit.id(), unit.path(), null, "127.0.0.1");
    }

    private Actor villager(int i) {
        return new Actor(IDS.incrementAndGet(), "villager-" + hs.get(i).id(), "村民", Role.VILLAGER, village.id(),
                village.path(), hs.get(i).id(), "127.0.0.1");
    }

    private ProposalDraft draft(String electorate, LocalDate opens, LocalDate closes, String item) {
        return new ProposalDraft("四小园建在哪里", "村里要建一个小菜园", List.of("村口空地", "祠堂后面", "学校旁边"), electorate,
                opens, closes, item);
    }

    private Proposal open(String electorate, String item) {
        Proposal p = proposals.create(admin, village.code(), draft(electorate, today, today, item));
        return proposals.publish(admin, village.id(), p.id());
    }

    private long voterRows() {
        return jdbc.sql("SELECT COUNT(*) FROM proposal_voter WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single();
    }

    private long residentId(int household, String namePrefix) {
        return hs.get(household).members().stream().filter(m -> m.name().startsWith(namePrefix)).findFirst()
                .orElseThrow().id();
    }

    // ------------------------------------------------------------ the committee

    @Test
    void aPublishedProposalIsOpenWithItsHouseholdsCountedAndADraftIsHiddenFromVillagers() {
        Proposal d = proposals.create(admin, village.code(), draft("PER_HOUSEHOLD", today, today.plusDays(3), null));
        assertThat(d.status()).isEqualTo(ProposalStatus.DRAFT);
        assertThatThrownBy(() -> proposals.get(villager(0), village.id(), d.id())).isInstanceOf(NotFound.class);
        Proposal p = proposals.publish(admin, village.id(), d.id());
        assertThat(p.status()).isEqualTo(ProposalStatus.OPEN);
        assertThat(p.electorateSize()).isEqualTo(4);
        assertThat(p.options()).containsExactly("村口空地", "祠堂后面", "学校旁边");
        assertThat(proposals.get(villager(0), village.id(), d.id()).title()).isEqualTo("四小园建在哪里");
    }

    @Test
    void aPerAdultProposalCountsTheAdultsOfTheOpeningYearOnly() {
        Proposal p = open("PER_ADULT", null);
        assertThat(p.electorateSize()).isEqualTo(8);   // head and spouse of four households; the children are 10
    }

    @Test
    void aBadDraftIsRefusedWithEveryProblemNamedAndNothingIsStored() {
        long before = jdbc.sql("SELECT COUNT(*) FROM proposal WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single();
        assertThatThrownBy(() -> proposals.create(admin, village.code(), new ProposalDraft("标题\u0000", null,
                List.of("同一个", "同一个"), "EVERYONE", today.plusDays(5), today.plusDays(1), "NOPE")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems()).extracting(InvalidInput.Problem::field)
                        .contains("title", "options", "electorate", "closesOn"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM proposal WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void aProposalNeedsTwoToTenOptions() {
        assertThatThrownBy(() -> proposals.create(admin, village.code(), new ProposalDraft("只有一个选项", null,
                List.of("唯一", " "), "PER_HOUSEHOLD", today, today, null)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.proposals.optionCount"));
    }

    @Test
    void aPublishedProposalCanNoLongerBeEdited() {
        Proposal p = open("PER_HOUSEHOLD", null);
        assertThatThrownBy(() -> proposals.update(admin, village.id(), p.id(),
                draft("PER_HOUSEHOLD", today, today, null))).isInstanceOf(Conflict.class);
    }

    @Test
    void aDraftCanBeEditedBeforePublishing() {
        Proposal d = proposals.create(admin, village.code(), draft("PER_HOUSEHOLD", today, today, null));
        Proposal e = proposals.update(admin, village.id(), d.id(), new ProposalDraft("下季度奖品", null,
                List.of("大米", "食用油"), "PER_ADULT", today, today.plusDays(2), itemCode));
        assertThat(e.title()).isEqualTo("下季度奖品");
        assertThat(e.options()).containsExactly("大米", "食用油");
        assertThat(e.electorate()).isEqualTo(Electorate.PER_ADULT);
    }

    @Test
    void onlyTheVillageAdminWritesProposals() {
        assertThatThrownBy(() -> proposals.create(townAdmin, village.code(), draft("PER_HOUSEHOLD", today, today, null)))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> proposals.create(gridWorker2, village.code(), draft("PER_HOUSEHOLD", today, today, null)))
                .isInstanceOf(Forbidden.class);
    }

    // ------------------------------------------------------------ voting

    @Test
    void aHouseholdVotesOnceAndASecondVoteIsRefusedWithNothingChanged() {
        Proposal p = open("PER_HOUSEHOLD", null);
        proposals.vote(villager(0), village.id(), p.id(), 2, null);
        long rows = voterRows();
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), 1, null))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.proposals.householdVoted"));
        assertThat(voterRows()).isEqualTo(rows);
        assertThat(proposals.get(admin, village.id(), p.id()).votes()).isEqualTo(1);
    }

    @Test
    void twoVotesOfOneHouseholdAtTheSameMomentCountOnce() throws Exception {
        Proposal p = open("PER_HOUSEHOLD", null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int option : new int[] {1, 2}) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    proposals.vote(villager(1), village.id(), p.id(), option, null);
                    return "ok";
                } catch (Conflict e) {
                    return e.messageKey();
                }
            }));
        }
        go.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> f : results) {
            outcomes.add(f.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsExactlyInAnyOrder("ok", "error.proposals.householdVoted");
        long counted = jdbc.sql("SELECT SUM(votes) FROM proposal_option WHERE village_id = :v AND proposal_id = :p")
                .param("v", village.id()).param("p", p.id()).query(Long.class).single();
        assertThat(counted).isEqualTo(1);
    }

    @Test
    void theDatabaseItselfRefusesASecondVoterRow() {
        Proposal p = open("PER_HOUSEHOLD", null);
        proposals.vote(villager(0), village.id(), p.id(), 1, null);
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO proposal_voter (village_id, proposal_id, voter_key, household_id, channel, cast_on, entered_by)
                VALUES (:v, :p, :k, :h, 'PAPER', :d, 'x')""").param("v", village.id()).param("p", p.id())
                .param("k", "H" + hs.get(0).id()).param("h", hs.get(0).id()).param("d", today).update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void votingBeforeTheFirstDayIsRefused() {
        Proposal d = proposals.create(admin, village.code(), draft("PER_HOUSEHOLD", today.plusDays(1), today.plusDays(3), null));
        proposals.publish(admin, village.id(), d.id());
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), d.id(), 1, null))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.proposals.outsidePeriod"));
        assertThat(voterRows()).isZero();
    }

    @Test
    void aDraftOrAWithdrawnProposalTakesNoVotes() {
        Proposal p = open("PER_HOUSEHOLD", null);
        proposals.withdraw(admin, village.id(), p.id(), "选址另行研究");
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), 1, null))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.proposals.notOpen"));
        assertThatThrownBy(() -> proposals.enterPaper(admin, village.id(), p.id(), hs.get(1).passbookNumber(), 1, null))
                .isInstanceOf(Conflict.class);
        assertThat(voterRows()).isZero();
    }

    @Test
    void aVillagerOfAnotherVillageDoesNotFindTheProposal() {
        Proposal p = open("PER_HOUSEHOLD", null);
        OrgUnit other = orgUnits.byCode("441821100205").orElseThrow();
        Actor stranger = new Actor(IDS.incrementAndGet(), "stranger", "村民", Role.VILLAGER, other.id(), other.path(),
                hs.get(0).id(), null);
        assertThatThrownBy(() -> proposals.vote(stranger, village.id(), p.id(), 1, null)).isInstanceOf(NotFound.class);
        assertThat(voterRows()).isZero();
    }

    @Test
    void anOptionOutOfRangeOrMissingIsRefused() {
        Proposal p = open("PER_HOUSEHOLD", null);
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), 4, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.proposals.noSuchOption"));
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), null, null))
                .isInstanceOf(InvalidInput.class);
        assertThat(voterRows()).isZero();
    }

    @Test
    void perAdultEachAdultVotesOnceAndAChildMayNot() {
        Proposal p = open("PER_ADULT", null);
        proposals.vote(villager(0), village.id(), p.id(), 1, residentId(0, "户主"));
        proposals.vote(villager(0), village.id(), p.id(), 2, residentId(0, "配偶"));
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), 2, residentId(0, "户主")))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.proposals.adultVoted"));
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), 2, residentId(0, "孩子")))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.proposals.notAdult"));
        assertThatThrownBy(() -> proposals.vote(villager(0), village.id(), p.id(), 2, residentId(1, "户主")))
                .isInstanceOf(InvalidInput.class);   // a member of another household
        assertThat(proposals.ballotsOfMine(villager(0)).get(0).done()).isTrue();
        assertThat(voterRows()).isEqualTo(2);
    }

    @Test
    void aPaperBallotIsMarkedAsPaperAndThenTheHouseholdCannotVoteOnThePhone() {
        Proposal p = open("PER_HOUSEHOLD", null);
        proposals.enterPaper(admin, village.id(), p.id(), hs.get(2).passbookNumber(), 3, null);
        assertThat(proposals.voters(admin, village.id(), p.id())).singleElement()
                .satisfies(v -> {
                    assertThat(v.channel()).isEqualTo("PAPER");
                    assertThat(v.passbookNumber()).isEqualTo(hs.get(2).passbookNumber());
                });
        assertThatThrownBy(() -> proposals.vote(villager(2), village.id(), p.id(), 1, null)).isInstanceOf(Conflict.class);
    }

    @Test
    void aPaperBallotForAnAdultMayNameTheVoter() {
        Proposal p = open("PER_ADULT", null);
        proposals.enterPaper(admin, village.id(), p.id(), hs.get(3).passbookNumber(), 1, null, "配偶4");
        assertThat(proposals.voters(admin, village.id(), p.id())).singleElement()
                .satisfies(v -> assertThat(v.residentName()).isEqualTo("配偶4"));
    }

    @Test
    void aGridWorkerEntersPaperBallotsOfItsOwnGridOnly() {
        Proposal p = open("PER_HOUSEHOLD", null);
        assertThatThrownBy(() -> proposals.enterPaper(gridWorker2, village.id(), p.id(), hs.get(0).passbookNumber(), 1, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.proposals.notOfGrid"));
        assertThatThrownBy(() -> proposals.enterPaper(admin, village.id(), p.id(), "441821100205-0001", 1, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.proposals.notOfVillage"));
        assertThat(voterRows()).isZero();
    }

    // ------------------------------------------------------------ secret ballot and results

    @Test
    void noStoredRowSaysWhoChoseWhat() {
        List<String> columns = jdbc.sql("""
                SELECT LOWER(column_name) FROM information_schema.columns WHERE LOWER(table_name) = 'proposal_voter'
                  AND table_schema = CURRENT_SCHEMA""").query(String.class).list();
        assertThat(columns).contains("voter_key", "household_id").noneMatch(c -> c.contains("option"));
    }

    @Test
    void countsPerOptionAreShownOnlyOnceTheProposalIsClosed() {
        Proposal p = open("PER_HOUSEHOLD", null);
        proposals.vote(villager(0), village.id(), p.id(), 2, null);
        proposals.vote(villager(1), village.id(), p.id(), 2, null);
        proposals.vote(villager(2), village.id(), p.id(), 1, null);
        Results running = proposals.results(villager(3), village.id(), p.id());
        assertThat(running.counts()).isEmpty();
        assertThat(running.votes()).isEqualTo(3);
        assertThat(running.turnout()).isEqualByComparingTo("75.0");
        proposals.close(admin, village.id(), p.id());
        Results r = proposals.results(villager(3), village.id(), p.id());
        assertThat(r.isFinal()).isTrue();
        assertThat(r.counts()).extracting(Results.OptionCount::votes).containsExactly(1L, 2L, 0L);
        assertThat(r.counts().get(1).leading()).isTrue();
        assertThat(proposals.board(village.id())).extracting(x -> x.proposal().id()).contains(p.id());
    }

    @Test
    void closingBeforeTheLastVotingDayIsRefused() {
        Proposal d = proposals.create(admin, village.code(), draft("PER_HOUSEHOLD", today, today.plusDays(2), null));
        proposals.publish(admin, village.id(), d.id());
        assertThatThrownBy(() -> proposals.close(admin, village.id(), d.id()))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.proposals.tooEarlyToClose"));
        assertThat(proposals.get(admin, village.id(), d.id()).status()).isEqualTo(ProposalStatus.OPEN);
    }

    @Test
    void closingRecordsAParticipationClaimForEveryVoterForReview() {
        Proposal p = open("PER_HOUSEHOLD", itemCode);
        proposals.vote(villager(0), village.id(), p.id(), 1, null);
        proposals.enterPaper(admin, village.id(), p.id(), hs.get(1).passbookNumber(), 2, null);
        Proposal closed = proposals.close(admin, village.id(), p.id());
        assertThat(closed.awarded()).isEqualTo(2);
        List<Voter> voters = proposals.voters(admin, village.id(), p.id());
        assertThat(voters).allSatisfy(v -> {
            assertThat(v.claimId()).isNotNull();
            var c = claims.get(admin, village.id(), v.claimId());
            assertThat(c.status()).isEqualTo(ClaimStatus.RECORDED);
            assertThat(c.points()).isEqualTo(5);
        });
    }

    @Test
    void aWithdrawalNeedsAReasonAndAClosedProposalCannotBeWithdrawn() {
        Proposal p = open("PER_HOUSEHOLD", null);
        assertThatThrownBy(() -> proposals.withdraw(admin, village.id(), p.id(), " ")).isInstanceOf(InvalidInput.class);
        proposals.close(admin, village.id(), p.id());
        assertThatThrownBy(() -> proposals.withdraw(admin, village.id(), p.id(), "改了主意"))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.proposals.finished"));
    }

    @Test
    void theStatisticsCountProposalsVotesAndTurnout() {
        Proposal p = open("PER_HOUSEHOLD", null);
        proposals.vote(villager(0), village.id(), p.id(), 1, null);
        proposals.close(admin, village.id(), p.id());
        PracticeFigures f = figures.stream().filter(x -> x.sectionKey().equals("stats.practice.votes")).findFirst()
                .orElseThrow();
        List<PracticeFigures.Figure> got = f.figures(List.of(village.id()), today.minusDays(1), today);
        assertThat(got).extracting(PracticeFigures.Figure::labelKey).containsExactly("stats.practice.votes.held",
                "stats.practice.votes.cast", "stats.practice.votes.turnout");
        assertThat(got).extracting(PracticeFigures.Figure::value).usingComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .containsExactly(BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("25.0"));
    }

    @Test
    void aVillagerSeesOpenProposalsButNotDraftsInTheList() {
        open("PER_HOUSEHOLD", null);
        proposals.create(admin, village.code(), draft("PER_HOUSEHOLD", today, today, null));
        assertThat(proposals.list(villager(0), null, Paging.of(null, null)).items()).hasSize(1);
        assertThat(proposals.list(admin, null, Paging.of(null, null)).items()).hasSize(2);
        assertThat(proposals.list(townAdmin, village.code(), Paging.of(null, null)).items()).hasSize(2);
    }
}
