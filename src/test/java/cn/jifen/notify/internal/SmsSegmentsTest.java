package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 70-character rule: the 【签名】 counts, 70 fit in one segment, longer messages go in 67-character segments. */
class SmsSegmentsTest {
    private static final String SIGN = "石岭积分"; // 【石岭积分】 is 6 characters

    private static String text(int length) {
        return "积".repeat(length);
    }

    @Test
    void seventyCharactersWithTheSignatureAreOneSegment() {
        assertThat(SmsSegments.length(SIGN, text(64))).isEqualTo(70);
        assertThat(SmsSegments.count(SIGN, text(64))).isEqualTo(1);
    }

    @Test
    void seventyOneCharactersAreTwoSegments() {
        assertThat(SmsSegments.count(SIGN, text(65))).isEqualTo(2);
    }

    @Test
    void oneHundredThirtyFourCharactersAreStillTwoSegments() {
        assertThat(SmsSegments.count(SIGN, text(128))).isEqualTo(2);
    }

    @Test
    void oneHundredThirtyFiveCharactersAreThreeSegments() {
        assertThat(SmsSegments.count(SIGN, text(129))).isEqualTo(3);
    }

    @Test
    void theSignatureAndItsBracketsCount() {
        assertThat(SmsSegments.count("", text(70))).isEqualTo(1);
        assertThat(SmsSegments.count("积分", text(70))).isEqualTo(2);
    }

    @Test
    void anEmojiCountsAsTwoCharactersLikeTheCarriersUtf16Units() {
        String sixtyTwoAndAnEmoji = text(62) + "👍"; // 6 + 62 + 2 = 70
        assertThat(SmsSegments.length(SIGN, sixtyTwoAndAnEmoji)).isEqualTo(70);
        assertThat(SmsSegments.count(SIGN, sixtyTwoAndAnEmoji)).isEqualTo(1);
        assertThat(SmsSegments.count(SIGN, text(63) + "👍")).isEqualTo(2);
    }

    @Test
    void aTextThatDoesNotNameTheVillageGetsItInFront() {
        assertThat(SmsSegments.withVillage("石岭村", "您家获得 5 分")).isEqualTo("石岭村：您家获得 5 分");
    }

    @Test
    void aTextThatNamesTheVillageStaysAsItIs() {
        assertThat(SmsSegments.withVillage("石岭村", "石岭村公示：您家获得 5 分")).isEqualTo("石岭村公示：您家获得 5 分");
    }

    @Test
    void aCountyWideTextHasNoVillageToName() {
        assertThat(SmsSegments.withVillage(null, "全县集中兑换日")).isEqualTo("全县集中兑换日");
    }

    @Test
    void theVillagePrefixCountsTowardsTheSegments() {
        String sixtyChars = text(60); // 6 + "石岭村：" 4 + 60 = 70
        assertThat(SmsSegments.count(SIGN, SmsSegments.withVillage("石岭村", sixtyChars))).isEqualTo(1);
        assertThat(SmsSegments.count(SIGN, SmsSegments.withVillage("石岭村", sixtyChars + "积"))).isEqualTo(2);
    }
}
