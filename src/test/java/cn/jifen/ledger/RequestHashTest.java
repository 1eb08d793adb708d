package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A request's hash is stored with its first posting and compared when its key comes again: a change in how it is
 * computed would refuse every retry of an earlier request as a reused key. These values were computed by the code
 * before issue #17's (which decoded and encoded the text once more before digesting it).
 */
class RequestHashTest {
    @Test
    void aRequestWithChineseTextHashesAsBefore() {
        PostingRequest r = PostingRequest.earn(7, 42, 10, "年度文明户评比奖励 😀", "award-1-x").withReason("好人好事 \ud800x")
                .withSource("claim", "c-1").withResident(9L);
        assertThat(Ledger.requestHash(r)).isEqualTo("0dbc5a300f963e052f540cbccebe0be38a860f0e00e251f180e8bab14ad75ddf");
    }

    @Test
    void aRequestWithNullsHashesAsBefore() {
        assertThat(Ledger.requestHash(PostingRequest.earn(7, 42, 10, null, "k")))
                .isEqualTo("38f2823fda016d69b5cd0a6bc072a58f5704b3019203cb8b957cf0ee3699f5d1");
    }
}
