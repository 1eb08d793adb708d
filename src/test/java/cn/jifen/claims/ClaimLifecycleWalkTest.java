package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.internal.ClaimLifecycle;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.support.Db;
import cn.jifen.support.RowTimes;
import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transition table through the services: a claim in each state is put through every operation. Each allowed
 * transition leaves the history row the table names and lands in the table's state; each operation the table forbids
 * in a state is refused (409) with the existing message, and the claim, its history, objections, appeals and photos
 * stay as they were.
 */
@IntegrationTest
class ClaimLifecycleWalkTest extends Db {
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    /** Each claim goes to the next household, so none is a likely duplicate of another. */
    private static final int HOUSEHOLDS = 40;

    ClaimFixture f;
    int next;
    RuleItem earn;
    RuleItem earnNoPublicity;
    RuleItem deductNoPublicity;
    RuleItem veto;
    RuleItem vetoNoPublicity;
    byte[] photo;

    @BeforeEach
    void village() throws Exception {
        f = new ClaimFixture(orgUnits, households, catalogue, HOUSEHOLDS);
        earn = f.item().create();
        earnNoPublicity = f.item().noPublicity().create();
        deductNoPublicity = f.item().deduct().noPublicity().create();
        veto = f.item().veto().create();
        vetoNoPublicity = f.item().veto().noPublicity().create();
        photo = ClaimsTest.png(40, 30);
    }

    // ------------------------------------------------------------ claims in each state, through the services

    private Claim recorded(RuleItem item) {
        Actor by = item.veto() ? f.admin3 : f.gridWorker;
        return claims.record(by, new ClaimDraft(f.v(), f.h(next++ % HOUSEHOLDS).id(), null, item.code(), item.veto() ? null : 10, f.today,
                null, "测试", false));
    }

    private Claim awaitingSecond(RuleItem vetoItem) {
        return claims.approve(f.admin1, f.v(), recorded(vetoItem).id(), null, "一票否决");
    }

    private Claim inPublicity() {
        return claims.approve(f.admin2, f.v(), recorded(earn).id(), null, "审核通过");
    }

    private Claim objected() {
        Claim c = inPublicity();
        claims.object(f.villager(1), f.v(), c.id(), "不属实");
        return reload(c);
    }

    private Claim posted() {
        return claims.approve(f.admin2, f.v(), recorded(deductNoPublicity).id(), null, "审核通过");
    }

    private Claim rejected() {
        return claims.reject(f.admin2, f.v(), recorded(earn).id(), "不符合");
    }

    private Claim reversed() {
        Claim c = posted();
        Appeal a = claims.appeal(f.admin2, f.v(), c.id(), "不服");
        return claims.upholdAppeal(f.admin2, f.v(), c.id(), a.id(), "查实");
    }

    /** A claim being posted: the state lives only inside the posting transaction, so it is set here directly. */
    private Claim posting() {
        Claim c = inPublicity();
        jdbc.sql("UPDATE claim SET status = 'POSTING' WHERE village_id = :v AND id = :id").param("v", f.v())
                .param("id", c.id()).update();
        return reload(c);
    }

    private Claim in(ClaimStatus s) {
        Claim c = switch (s) {
            case RECORDED -> recorded(earn);
            case AWAITING_SECOND_APPROVAL -> awaitingSecond(veto);
            case IN_PUBLICITY -> inPublicity();
            case OBJECTED -> objected();
            case POSTING -> posting();
            case POSTED -> posted();
            case REJECTED -> rejected();
            case REVERSED -> reversed();
        };
        assertThat(c.status()).isEqualTo(s);
        return c;
    }

    private Claim reload(Claim c) {
        return claims.get(f.admin1, c.villageId(), c.id());
    }

    private List<ClaimEvent> history(Claim c) {
        return claims.detail(f.admin1, c.villageId(), c.id()).history();
    }

    private ClaimEvent last(Claim c) {
        List<ClaimEvent> h = history(c);
        return h.get(h.size() - 1);
    }

    private void assertRow(ClaimEvent e, Step step, ClaimStatus from, ClaimStatus to) {
        assertThat(e.action()).as("action of %s", step).isEqualTo(step.action());
        assertThat(e.fromStatus()).as("from of %s", step).isEqualTo(from);
        assertThat(e.toStatus()).as("to of %s", step).isEqualTo(to);
        assertThat(ClaimLifecycle.next(from, step)).isEqualTo(to);
    }

    // ------------------------------------------------------------ every allowed transition

    @Test
    void everyAllowedTransitionLeavesTheTablesStateAndHistoryRow() {
        // RECORDED
        Claim c = recorded(veto);
        c = claims.approve(f.admin1, f.v(), c.id(), null, "一票否决");
        assertRow(last(c), Step.APPROVE_FIRST, ClaimStatus.RECORDED, ClaimStatus.AWAITING_SECOND_APPROVAL);
        c = inPublicity();
        assertRow(last(c), Step.APPROVE_INTO_PUBLICITY, ClaimStatus.RECORDED, ClaimStatus.IN_PUBLICITY);
        c = claims.approve(f.admin2, f.v(), recorded(earnNoPublicity).id(), null, "审核通过");
        List<ClaimEvent> h = history(c);
        assertRow(h.get(h.size() - 2), Step.APPROVE_FOR_POSTING, ClaimStatus.RECORDED, ClaimStatus.POSTING);
        assertRow(h.get(h.size() - 1), Step.POST, ClaimStatus.POSTING, ClaimStatus.POSTED);
        c = rejected();
        assertRow(last(c), Step.REJECT, ClaimStatus.RECORDED, ClaimStatus.REJECTED);
        c = recorded(earn);
        claims.addPhoto(f.gridWorker, f.v(), c.id(), photo);
        assertRow(last(c), Step.ADD_PHOTO, ClaimStatus.RECORDED, ClaimStatus.RECORDED);

        // AWAITING_SECOND_APPROVAL
        c = claims.approve(f.admin2, f.v(), awaitingSecond(veto).id(), null, "第二人审核");
        assertRow(last(c), Step.APPROVE_INTO_PUBLICITY, ClaimStatus.AWAITING_SECOND_APPROVAL, ClaimStatus.IN_PUBLICITY);
        c = claims.approve(f.admin2, f.v(), awaitingSecond(vetoNoPublicity).id(), null, "第二人审核");
        h = history(c);
        assertRow(h.get(h.size() - 2), Step.APPROVE_FOR_POSTING, ClaimStatus.AWAITING_SECOND_APPROVAL, ClaimStatus.POSTING);
        assertRow(h.get(h.size() - 1), Step.POST, ClaimStatus.POSTING, ClaimStatus.POSTED);
        c = claims.reject(f.admin2, f.v(), awaitingSecond(veto).id(), "不成立");
        assertRow(last(c), Step.REJECT, ClaimStatus.AWAITING_SECOND_APPROVAL, ClaimStatus.REJECTED);
        c = awaitingSecond(veto);
        claims.addPhoto(f.admin2, f.v(), c.id(), photo);
        assertRow(last(c), Step.ADD_PHOTO, ClaimStatus.AWAITING_SECOND_APPROVAL, ClaimStatus.AWAITING_SECOND_APPROVAL);

        // IN_PUBLICITY
        c = objected();
        assertRow(last(c), Step.OBJECT, ClaimStatus.IN_PUBLICITY, ClaimStatus.OBJECTED);
        c = inPublicity();
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", f.v(), c.id(), 30);
        assertThat(ClaimLifecycle.next(ClaimStatus.IN_PUBLICITY, Step.TAKE_FOR_POSTING)).isEqualTo(ClaimStatus.POSTING);
        claims.settleDue(f.v());
        // taking it for posting writes no row of its own: the posting's row names the publicity it left
        assertThat(reload(c).status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(last(c).action()).isEqualTo(Step.POST.action());
        assertThat(last(c).fromStatus()).isEqualTo(ClaimStatus.IN_PUBLICITY);

        // OBJECTED
        c = objected();
        claims.object(f.admin2, f.v(), c.id(), "也不属实");
        assertRow(last(c), Step.OBJECT, ClaimStatus.OBJECTED, ClaimStatus.OBJECTED);
        c = objected();
        c = claims.uphold(f.admin2, f.v(), c.id(), open(c).get(0).id(), "属实");
        assertRow(last(c), Step.UPHOLD_OBJECTION, ClaimStatus.OBJECTED, ClaimStatus.REJECTED);
        c = objected();
        c = claims.dismiss(f.admin2, f.v(), c.id(), open(c).get(0).id(), "不成立");
        assertRow(last(c), Step.DISMISS_LAST_OBJECTION, ClaimStatus.OBJECTED, ClaimStatus.IN_PUBLICITY);
        c = objected();
        claims.object(f.admin2, f.v(), c.id(), "第二条异议");
        c = claims.dismiss(f.admin1, f.v(), c.id(), open(c).get(0).id(), "不成立");
        assertRow(last(c), Step.DISMISS_OBJECTION_OTHERS_OPEN, ClaimStatus.OBJECTED, ClaimStatus.OBJECTED);

        // POSTED
        c = posted();
        claims.appeal(f.admin2, f.v(), c.id(), "不服");
        assertRow(last(c), Step.APPEAL, ClaimStatus.POSTED, ClaimStatus.POSTED);
        c = reversed();
        assertRow(last(c), Step.UPHOLD_APPEAL, ClaimStatus.POSTED, ClaimStatus.REVERSED);
        c = posted();
        Appeal a = claims.appeal(f.admin2, f.v(), c.id(), "不服");
        c = claims.dismissAppeal(f.admin2, f.v(), c.id(), a.id(), "维持");
        assertRow(last(c), Step.DISMISS_APPEAL, ClaimStatus.POSTED, ClaimStatus.POSTED);
    }

    private List<Objection> open(Claim c) {
        return claims.detail(f.admin1, c.villageId(), c.id()).objections().stream().filter(Objection::open).toList();
    }

    // ------------------------------------------------------------ every forbidden one

    /** An operation of the services and the step it asks the table for. */
    private record Operation(Step step, Consumer<Claim> run) { }

    private List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        ops.add(new Operation(Step.APPROVE_INTO_PUBLICITY, c -> claims.approve(f.admin2, f.v(), c.id(), null, "审核")));
        ops.add(new Operation(Step.REJECT, c -> claims.reject(f.admin2, f.v(), c.id(), "不符合")));
        ops.add(new Operation(Step.ADD_PHOTO, c -> claims.addPhoto(f.admin2, f.v(), c.id(), photo)));
        ops.add(new Operation(Step.OBJECT, c -> claims.object(f.admin2, f.v(), c.id(), "异议")));
        ops.add(new Operation(Step.UPHOLD_OBJECTION, c -> claims.uphold(f.admin2, f.v(), c.id(), 1, "属实")));
        ops.add(new Operation(Step.DISMISS_LAST_OBJECTION, c -> claims.dismiss(f.admin2, f.v(), c.id(), 1, "不成立")));
        ops.add(new Operation(Step.APPEAL, c -> claims.appeal(f.admin2, f.v(), c.id(), "申诉")));
        ops.add(new Operation(Step.UPHOLD_APPEAL, c -> claims.upholdAppeal(f.admin2, f.v(), c.id(), 1, "撤销")));
        ops.add(new Operation(Step.DISMISS_APPEAL, c -> claims.dismissAppeal(f.admin2, f.v(), c.id(), 1, "维持")));
        return ops;
    }

    /** Everything of the claim a refused operation must leave as it was. */
    private String snapshot(Claim c) {
        return String.join("|", jdbc.sql("""
                SELECT c.status || ' ' || c.points || ' ' || COALESCE(CAST(c.decided_by AS VARCHAR(20)), '-') || ' '
                       || (SELECT COUNT(*) FROM claim_event e WHERE e.village_id = c.village_id AND e.claim_id = c.id) || ' '
                       || (SELECT COUNT(*) FROM claim_objection o WHERE o.village_id = c.village_id AND o.claim_id = c.id
                           AND o.status = 'OPEN') || ' '
                       || (SELECT COUNT(*) FROM claim_appeal a WHERE a.village_id = c.village_id AND a.claim_id = c.id
                           AND a.status = 'OPEN') || ' '
                       || (SELECT COUNT(*) FROM claim_photo p WHERE p.village_id = c.village_id AND p.claim_id = c.id)
                FROM claim c WHERE c.village_id = :v AND c.id = :id""")
                .param("v", c.villageId()).param("id", c.id()).query(String.class).list());
    }

    @Test
    void everyForbiddenOperationIsRefusedWithItsMessageAndChangesNothing() {
        Map<ClaimStatus, Integer> refusedIn = new EnumMap<>(ClaimStatus.class);
        for (ClaimStatus s : ClaimStatus.values()) {
            for (Operation op : operations()) {
                if (ClaimLifecycle.allows(s, op.step())) {
                    continue;
                }
                Claim c = in(s);
                String before = snapshot(c);
                assertThatThrownBy(() -> op.run().accept(c)).as("%s in %s", op.step(), s)
                        .isInstanceOf(Conflict.class)
                        .satisfies(e -> assertThat(((Conflict) e).messageKey()).isEqualTo(op.step().refusal()));
                assertThat(snapshot(c)).as("%s in %s changed nothing", op.step(), s).isEqualTo(before);
                refusedIn.merge(s, 1, Integer::sum);
            }
        }
        // per state, the operations the table forbids there: 9 operations less the ones it allows
        assertThat(refusedIn).containsExactlyInAnyOrderEntriesOf(Map.of(
                ClaimStatus.RECORDED, 6, ClaimStatus.AWAITING_SECOND_APPROVAL, 6, ClaimStatus.IN_PUBLICITY, 8,
                ClaimStatus.OBJECTED, 6, ClaimStatus.POSTING, 9, ClaimStatus.POSTED, 6, ClaimStatus.REJECTED, 9,
                ClaimStatus.REVERSED, 9));
    }

    @Test
    void aDueRunLeavesClaimsOutsidePublicityAlone() {
        for (ClaimStatus s : ClaimStatus.values()) {
            if (ClaimLifecycle.allows(s, Step.TAKE_FOR_POSTING)) {
                continue;
            }
            Claim c = in(s);
            String before = snapshot(c);
            claims.settleDue(f.v());
            assertThat(snapshot(c)).as("a due run on a claim %s", s).isEqualTo(before);
        }
    }
}
