package cn.jifen.wishes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.wishes.Wish;
import cn.jifen.wishes.WishFixture;
import cn.jifen.wishes.WishStatus;
import cn.jifen.wishes.Wishes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class WishesTest extends Db {
    @Autowired Wishes wishes;
    @Autowired ForbiddenGoods forbidden;
    @Autowired List<PracticeFigures> practice;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Supermarkets supermarkets;
    @Autowired Funds funds;
    @Autowired Goods goods;
    @Autowired JdbcClient jdbc;

    WishFixture f;

    @BeforeEach
    void villages() {
        f = new WishFixture(orgUnits, households, supermarkets, funds, goods);
    }

    private Wish propose(Actor who, String name) {
        return wishes.propose(who, null, null, null, name, null);
    }

    private long wishCount() {
        return jdbc.sql("SELECT COUNT(*) FROM wish WHERE village_id = :v").param("v", f.a.village.id())
                .query(Long.class).single();
    }

    private List<Wish> ranked(Actor who) {
        return wishes.list(who, f.a.village.id(), f.supermarketId, null, Paging.first(50)).items();
    }

    // ------------------------------------------------------------ proposing

    @Test
    void aVillagerProposesForTheSupermarketServingTheirVillageAndCountsAsItsFirstSupporter() {
        Wish w = wishes.propose(f.a.villager(0), null, null, null, "老花镜", "眼睛不好的老人多");
        assertThat(w.status()).isEqualTo(WishStatus.OPEN);
        assertThat(w.supermarketId()).isEqualTo(f.supermarketId);
        assertThat(w.villageId()).isEqualTo(f.a.village.id());
        assertThat(w.supports()).isEqualTo(1);
        assertThat(w.createdOn()).isEqualTo(f.today);
        assertThat(wishes.get(f.a.admin, w.villageId(), w.id()).passbookNumber()).isEqualTo(f.a.passbook(0));
    }

    @Test
    void tobaccoIsRefusedWithTheRuleNamedAndNothingIsStored() {
        long before = wishCount();
        assertThatThrownBy(() -> propose(f.a.villager(0), "香烟（红双喜）"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.problems().get(0).messageKey()).isEqualTo("error.wishes.forbidden");
                    assertThat(e.problems().get(0).args()).contains("烟草制品", "香烟");
                });
        assertThat(wishCount()).isEqualTo(before);
    }

    @Test
    void alcoholIsRecognisedThroughFullWidthLettersAndSpaces() {
        assertThatThrownBy(() -> propose(f.a.villager(0), "珠江 啤 酒")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> propose(f.a.villager(0), "ＸＯ白酒")).isInstanceOf(InvalidInput.class);
        assertThat(wishCount()).isZero();
    }

    @Test
    void aNameWithNothingButPunctuationIsRefused() {
        assertThatThrownBy(() -> propose(f.a.villager(0), "？？！"))
                .isInstanceOfSatisfying(InvalidInput.class,
                        e -> assertThat(e.problems().get(0).messageKey()).isEqualTo("error.wishes.nameEmpty"));
    }

    @Test
    void aNulCharacterInTheNameIsRefusedNotStored() {
        assertThatThrownBy(() -> propose(f.a.villager(0), "酱\u0000油")).isInstanceOf(InvalidInput.class);
        assertThat(wishCount()).isZero();
    }

    @Test
    void theSameGoodsWrittenDifferentlyPointsAtTheOpenWish() {
        Wish first = propose(f.a.villager(0), "花生油（1.8升）");
        assertThatThrownBy(() -> propose(f.a.villager(1), "花生油 (1.8升)"))
                .isInstanceOfSatisfying(DuplicateWish.class, e -> assertThat(e.existing().id()).isEqualTo(first.id()));
        assertThat(wishCount()).isEqualTo(1);
    }

    @Test
    void theKeeperOrVillageAdminEntersAWishAtTheCounterForAPassbook() {
        Wish w = wishes.propose(f.a.admin, f.a.village.id(), f.supermarketId, f.a.passbook(2), "挂面", null);
        assertThat(w.householdId()).isEqualTo(f.a.households.get(2).id());
        assertThat(w.createdBy()).isEqualTo(f.a.admin.username());
    }

    @Test
    void anUnknownPassbookAtTheCounterIsRefusedWithTheNumber() {
        assertThatThrownBy(() -> wishes.propose(f.a.admin, f.a.village.id(), f.supermarketId,
                f.a.village.code() + "-9999", "挂面", null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.wishes.passbookUnknown"));
    }

    @Test
    void aVillageWithoutASupermarketCannotPropose() {
        assertThatThrownBy(() -> propose(f.c.villager(0), "挂面"))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.wishes.noSupermarket"));
    }

    // ------------------------------------------------------------ supporting

    @Test
    void anotherHouseholdsSupportRaisesTheCount() {
        Wish w = propose(f.a.villager(0), "酱油");
        Wish after = wishes.support(f.a.villager(1), w.villageId(), w.id(), null);
        assertThat(after.supports()).isEqualTo(2);
        assertThat(wishes.supportedByMe(f.a.villager(1), w.villageId(), f.supermarketId)).containsExactly(w.id());
    }

    @Test
    void supportingTwiceIsRefusedAndCountsOnce() {
        Wish w = propose(f.a.villager(0), "酱油");
        wishes.support(f.a.villager(1), w.villageId(), w.id(), null);
        assertThatThrownBy(() -> wishes.support(f.a.villager(1), w.villageId(), w.id(), null))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.wishes.supportedTwice"));
        assertThat(wishes.get(f.a.admin, w.villageId(), w.id()).supports()).isEqualTo(2);
    }

    @Test
    void twoSupportsOfOneHouseholdAtTheSameMomentCountOnce() throws Exception {
        Wish w = propose(f.a.villager(0), "酱油");
        Actor neighbour = f.a.villager(1);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> tries = pool.invokeAll(List.of(() -> race(start, neighbour, w),
                    () -> race(start, neighbour, w)));
            long accepted = 0;
            for (var t : tries) {
                accepted += t.get() ? 1 : 0;
            }
            assertThat(accepted).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(wishes.get(f.a.admin, w.villageId(), w.id()).supports()).isEqualTo(2);
    }

    private boolean race(CyclicBarrier start, Actor who, Wish w) throws Exception {
        start.await();
        try {
            wishes.support(who, w.villageId(), w.id(), null);
            return true;
        } catch (Conflict e) {
            return false;
        }
    }

    @Test
    void theProposerHasAlreadySupportedTheirOwnWish() {
        Wish w = propose(f.a.villager(0), "酱油");
        assertThatThrownBy(() -> wishes.support(f.a.villager(0), w.villageId(), w.id(), null))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void aVillagerOfAVillageTheSupermarketDoesNotServeNeitherSeesNorSupportsTheWish() {
        Wish w = propose(f.a.villager(0), "酱油");
        assertThatThrownBy(() -> wishes.support(f.c.villager(0), w.villageId(), w.id(), null)).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> wishes.get(f.b.villager(0), w.villageId(), w.id())).isInstanceOf(NotFound.class);
        assertThat(wishes.get(f.a.admin, w.villageId(), w.id()).supports()).isEqualTo(1);
    }

    @Test
    void aHouseholdOfAServedVillageSupportsAtTheSharedSupermarket() {
        f.serveB();
        Wish w = propose(f.a.villager(0), "酱油");
        assertThat(wishes.support(f.b.villager(0), w.villageId(), w.id(), null).supports()).isEqualTo(2);
        Wish own = propose(f.b.villager(1), "食盐");
        assertThat(own.villageId()).isEqualTo(f.a.village.id());
        assertThat(own.householdVillageId()).isEqualTo(f.b.village.id());
    }

    @Test
    void theCounterCannotSupportForAHouseholdTheSupermarketDoesNotServe() {
        Wish w = propose(f.a.villager(0), "酱油");
        assertThatThrownBy(() -> wishes.support(f.townAdmin, w.villageId(), w.id(), f.c.passbook(0)))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> wishes.support(f.a.admin, w.villageId(), w.id(), f.c.passbook(0)))
                .isInstanceOf(InvalidInput.class);
    }

    // ------------------------------------------------------------ the village's list

    @Test
    void theListRanksOpenWishesBySupportAndPutsDecidedOnesAfter() {
        Wish one = propose(f.a.villager(0), "酱油");
        Wish three = propose(f.a.villager(1), "老花镜");
        Wish declined = propose(f.a.villager(2), "电视机");
        wishes.support(f.a.villager(0), three.villageId(), three.id(), null);
        wishes.support(f.a.villager(2), three.villageId(), three.id(), null);
        wishes.support(f.a.villager(3), declined.villageId(), declined.id(), null);
        wishes.support(f.a.villager(4), declined.villageId(), declined.id(), null);
        wishes.support(f.a.villager(1), declined.villageId(), declined.id(), null);
        wishes.decline(f.a.admin, declined.villageId(), declined.id(), "价格太高，超市资金不够");
        assertThat(ranked(f.a.admin)).extracting(Wish::id).containsExactly(three.id(), one.id(), declined.id());
    }

    @Test
    void villagersDoNotSeeWhoProposedStaffDo() {
        Wish w = propose(f.a.villager(0), "酱油");
        assertThat(ranked(f.a.villager(1))).singleElement().satisfies(x -> {
            assertThat(x.proposerName()).isNull();
            assertThat(x.passbookNumber()).isNull();
        });
        assertThat(ranked(f.a.admin)).singleElement()
                .satisfies(x -> assertThat(x.proposerName()).isEqualTo(f.a.households.get(0).headName()));
        assertThat(w.id()).isPositive();
    }

    @Test
    void myWishesListWhatMyHouseholdProposedOrSupported() {
        Wish mineProposed = propose(f.a.villager(0), "酱油");
        Wish other = propose(f.a.villager(1), "老花镜");
        propose(f.a.villager(2), "挂面");
        wishes.support(f.a.villager(0), other.villageId(), other.id(), null);
        assertThat(wishes.mine(f.a.villager(0))).extracting(Wish::id)
                .containsExactlyInAnyOrder(mineProposed.id(), other.id());
    }

    // ------------------------------------------------------------ fulfilling and declining

    @Test
    void fulfillingLinksThePurchaseAndShowsWhatWasBoughtWithWhichFund() {
        Wish w = propose(f.a.villager(0), "酱油");
        Movement m = f.purchase("海天酱油（500毫升）", 12);
        Wish done = wishes.fulfil(f.a.admin, w.villageId(), w.id(), m.id());
        assertThat(done.status()).isEqualTo(WishStatus.FULFILLED);
        assertThat(done.movementId()).isEqualTo(m.id());
        assertThat(done.productName()).isEqualTo("海天酱油（500毫升）");
        assertThat(done.quantity()).isEqualTo(12);
        assertThat(done.fundName()).isEqualTo("村集体资金");
        assertThat(wishes.get(f.a.villager(3), w.villageId(), w.id()).fulfilled()).isTrue();
    }

    @Test
    void aFulfilledWishFreesItsNameForANewWish() {
        Wish w = propose(f.a.villager(0), "酱油");
        wishes.fulfil(f.a.admin, w.villageId(), w.id(), f.purchase("酱油", 10).id());
        assertThat(propose(f.a.villager(1), "酱油").id()).isNotEqualTo(w.id());
    }

    @Test
    void aDonationIsNotAPurchaseToFulfilWith() {
        Wish w = propose(f.a.villager(0), "雨伞");
        Movement donated = f.donation("雨伞");
        assertThatThrownBy(() -> wishes.fulfil(f.a.admin, w.villageId(), w.id(), donated.id()))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.wishes.purchaseUnknown"));
        assertThat(wishes.get(f.a.admin, w.villageId(), w.id()).open()).isTrue();
    }

    @Test
    void aDecidedWishIsNeitherSupportedNorDecidedAgain() {
        Wish w = propose(f.a.villager(0), "酱油");
        wishes.fulfil(f.a.admin, w.villageId(), w.id(), f.purchase("酱油", 10).id());
        assertThatThrownBy(() -> wishes.support(f.a.villager(1), w.villageId(), w.id(), null))
                .isInstanceOfSatisfying(Conflict.class, e -> assertThat(e.messageKey()).isEqualTo("error.wishes.notOpen"));
        assertThatThrownBy(() -> wishes.decline(f.a.admin, w.villageId(), w.id(), "不要了")).isInstanceOf(Conflict.class);
        assertThat(wishes.get(f.a.admin, w.villageId(), w.id()).fulfilled()).isTrue();
    }

    @Test
    void decliningNeedsAReasonWhichVillagersSee() {
        Wish w = propose(f.a.villager(0), "电视机");
        assertThatThrownBy(() -> wishes.decline(f.a.admin, w.villageId(), w.id(), "  ")).isInstanceOf(InvalidInput.class);
        wishes.decline(f.a.admin, w.villageId(), w.id(), "价格太高，超市资金不够");
        Wish seen = wishes.get(f.a.villager(1), w.villageId(), w.id());
        assertThat(seen.status()).isEqualTo(WishStatus.DECLINED);
        assertThat(seen.declineReason()).isEqualTo("价格太高，超市资金不够");
    }

    @Test
    void theTownAdminReadsTheListButNeitherFulfilsNorDeclines() {
        Wish w = propose(f.a.villager(0), "酱油");
        assertThat(ranked(f.townAdmin)).hasSize(1);
        assertThatThrownBy(() -> wishes.decline(f.townAdmin, w.villageId(), w.id(), "不采购")).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> wishes.fulfil(f.townAdmin, w.villageId(), w.id(), 1L)).isInstanceOf(Forbidden.class);
    }

    @Test
    void anotherVillagesAdminIsToldTheWishDoesNotExist() {
        Wish w = propose(f.a.villager(0), "酱油");
        assertThatThrownBy(() -> wishes.decline(f.b.admin, w.villageId(), w.id(), "不采购")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> ranked(f.b.admin)).isInstanceOf(NotFound.class);
    }

    // ------------------------------------------------------------ the county's list

    @Test
    void aTermTheCountyAddsIsRefusedAndTheChangeIsAudited() {
        String term = "测试禁品" + Long.toString(System.nanoTime() % 100000, 36);
        long audits = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'wishes.forbidden.add'").query(Long.class).single();
        ForbiddenTerm t = forbidden.add(f.countyAdmin, term, "其他不宜物品");
        try {
            assertThatThrownBy(() -> propose(f.a.villager(0), "一包" + term))
                    .isInstanceOfSatisfying(InvalidInput.class,
                            e -> assertThat(e.problems().get(0).args()).contains("其他不宜物品"));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'wishes.forbidden.add'")
                    .query(Long.class).single()).isEqualTo(audits + 1);
            assertThat(forbidden.list(f.a.admin)).extracting(ForbiddenTerm::term).contains(term, "香烟", "白酒");
        } finally {
            forbidden.remove(f.countyAdmin, t.id());
        }
        assertThat(propose(f.a.villager(0), "一包" + term).open()).isTrue();
    }

    @Test
    void onlyTheCountyAdminChangesTheList() {
        assertThatThrownBy(() -> forbidden.add(f.townAdmin, "槟榔", "其他")).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> forbidden.add(f.a.villager(0), "槟榔", "其他")).isInstanceOf(Forbidden.class);
    }

    // ------------------------------------------------------------ statistics and the public page

    @Test
    void theFiguresCountProposedFulfilledAndSupportsOfTheChosenVillages() {
        Wish w = propose(f.a.villager(0), "酱油");
        propose(f.a.villager(1), "老花镜");
        wishes.support(f.a.villager(2), w.villageId(), w.id(), null);
        wishes.fulfil(f.a.admin, w.villageId(), w.id(), f.purchase("酱油", 10).id());
        PracticeFigures figures = practice.stream().filter(p -> p.sectionKey().equals("stats.practice.wishes"))
                .findFirst().orElseThrow();
        Map<String, Long> byLabel = figures.figures(List.of(f.a.village.id()), f.today.minusDays(1), f.today).stream()
                .collect(Collectors.toMap(PracticeFigures.Figure::labelKey, x -> x.value().longValueExact()));
        assertThat(byLabel).containsEntry("wishes.figures.proposed", 2L).containsEntry("wishes.figures.fulfilled", 1L)
                .containsEntry("wishes.figures.supports", 1L);
        assertThat(figures.figures(List.of(f.b.village.id()), f.today, f.today))
                .allSatisfy(x -> assertThat(x.value().longValueExact()).isZero());
    }

    @Test
    void thePublicShowcaseListsTopAndFulfilledWishesWithoutNames() {
        Wish w = propose(f.a.villager(0), "酱油");
        propose(f.a.villager(1), "老花镜");
        wishes.fulfil(f.a.admin, w.villageId(), w.id(), f.purchase("酱油", 10).id());
        Wishes.Showcase sc = wishes.showcase(f.a.village.id());
        assertThat(sc.top()).extracting(Wish::goodsName).containsExactly("老花镜");
        assertThat(sc.fulfilled()).extracting(Wish::goodsName).containsExactly("酱油");
        assertThat(sc.top()).allSatisfy(x -> assertThat(x.proposerName()).isNull());
    }
}
