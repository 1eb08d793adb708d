package cn.jifen.claims.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.shared.Conflict;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Walks the whole table, state × step: every allowed transition leads where the practice says, every other one is
 * refused with the message the claim services always answered with.
 */
class ClaimLifecycleTest {

    /** The claim's life written out once more, independently of the table under test. */
    private static Map<ClaimStatus, Map<Step, ClaimStatus>> expected() {
        Map<ClaimStatus, Map<Step, ClaimStatus>> e = new EnumMap<>(ClaimStatus.class);
        for (ClaimStatus s : ClaimStatus.values()) {
            e.put(s, new EnumMap<>(Step.class));
        }
        e.get(ClaimStatus.RECORDED).putAll(Map.of(
                Step.APPROVE_FIRST, ClaimStatus.AWAITING_SECOND_APPROVAL,
                Step.APPROVE_INTO_PUBLICITY, ClaimStatus.IN_PUBLICITY,
                Step.APPROVE_FOR_POSTING, ClaimStatus.POSTING,
                Step.REJECT, ClaimStatus.REJECTED,
                Step.ADD_PHOTO, ClaimStatus.RECORDED));
        e.get(ClaimStatus.AWAITING_SECOND_APPROVAL).putAll(Map.of(
                Step.APPROVE_INTO_PUBLICITY, ClaimStatus.IN_PUBLICITY,
                Step.APPROVE_FOR_POSTING, ClaimStatus.POSTING,
                Step.REJECT, ClaimStatus.REJECTED,
                Step.ADD_PHOTO, ClaimStatus.AWAITING_SECOND_APPROVAL));
        e.get(ClaimStatus.IN_PUBLICITY).putAll(Map.of(
                Step.OBJECT, ClaimStatus.OBJECTED,
                Step.TAKE_FOR_POSTING, ClaimStatus.POSTING));
        e.get(ClaimStatus.OBJECTED).putAll(Map.of(
                Step.OBJECT, ClaimStatus.OBJECTED,
                Step.UPHOLD_OBJECTION, ClaimStatus.REJECTED,
                Step.DISMISS_LAST_OBJECTION, ClaimStatus.IN_PUBLICITY,
                Step.DISMISS_OBJECTION_OTHERS_OPEN, ClaimStatus.OBJECTED));
        e.get(ClaimStatus.POSTING).put(Step.POST, ClaimStatus.POSTED);
        e.get(ClaimStatus.POSTED).putAll(Map.of(
                Step.APPEAL, ClaimStatus.POSTED,
                Step.UPHOLD_APPEAL, ClaimStatus.REVERSED,
                Step.DISMISS_APPEAL, ClaimStatus.POSTED));
        return e;
    }

    @Test
    void everyAllowedTransitionLeadsToItsState() {
        int walked = 0;
        for (var state : expected().entrySet()) {
            for (var step : state.getValue().entrySet()) {
                assertThat(ClaimLifecycle.next(state.getKey(), step.getKey()))
                        .as("%s --%s-->", state.getKey(), step.getKey()).isEqualTo(step.getValue());
                walked++;
            }
        }
        assertThat(walked).isEqualTo(19);
    }

    @Test
    void theTableAllowsNothingElse() {
        for (ClaimStatus s : ClaimStatus.values()) {
            assertThat(ClaimLifecycle.allowedFrom(s)).as("steps allowed from %s", s).isEqualTo(expected().get(s));
        }
    }

    @Test
    void everyForbiddenTransitionIsRefusedWithTheExistingMessage() throws Exception {
        Properties zh = new Properties();
        try (var in = getClass().getResourceAsStream("/messages.properties")) {
            zh.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Map<String, String> chinese = Map.of(
                "error.claims.state", "这条申报当前的状态不能进行这个操作，请刷新页面后再看。",
                "error.claims.notInPublicity", "只有公示期内的积分才能提出异议。",
                "error.claims.notAppealable", "只有已入账的扣分或一票否决才能申诉。");
        int refused = 0;
        for (ClaimStatus s : ClaimStatus.values()) {
            for (Step step : Step.values()) {
                if (expected().get(s).containsKey(step)) {
                    continue;
                }
                String key = step == Step.OBJECT ? "error.claims.notInPublicity"
                        : step == Step.APPEAL ? "error.claims.notAppealable" : "error.claims.state";
                assertThat(ClaimLifecycle.allows(s, step)).as("%s --%s-->", s, step).isFalse();
                assertThat(ClaimLifecycle.target(s, step)).as("%s --%s-->", s, step).isEmpty();
                assertThatThrownBy(() -> ClaimLifecycle.next(s, step)).as("%s --%s-->", s, step)
                        .isInstanceOf(Conflict.class)
                        .satisfies(e -> assertThat(((Conflict) e).messageKey()).isEqualTo(key));
                assertThat(zh.getProperty(key)).isEqualTo(chinese.get(key));
                refused++;
            }
        }
        assertThat(refused).isEqualTo(ClaimStatus.values().length * Step.values().length - 19);
    }

    @Test
    void rejectedAndReversedClaimsAreFinal() {
        assertThat(ClaimLifecycle.allowedFrom(ClaimStatus.REJECTED)).isEmpty();
        assertThat(ClaimLifecycle.allowedFrom(ClaimStatus.REVERSED)).isEmpty();
    }
}
