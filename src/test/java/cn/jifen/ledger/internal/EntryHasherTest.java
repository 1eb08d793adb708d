package cn.jifen.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.ledger.PostingKind;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The entry hash is stored in every ledger row and recomputed by verify: a change in how its text is encoded would
 * break every existing chain. These values were computed by the encoding before issue #17's (the whole text as one
 * String, then UTF-8), with Chinese text, a character outside the BMP, a NUL, a lone surrogate and nulls.
 */
class EntryHasherTest {
    private static final byte[] KEY = "k3y-for-the-golden-test".getBytes(StandardCharsets.UTF_8);
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 891_234_000, ZoneOffset.UTC);
    private static final Leg SYSTEM = new Leg(7, id(2), id(3), 1, id(4), null, -10, 0, null, null, PostingKind.EARN,
            LocalDate.of(2026, 3, 4), AT, null, null, null, null, null, null, "压测", null, null, null, null, null);

    @Test
    void aLegWithChineseTextHashesAsBefore() {
        Leg passbook = new Leg(7, id(1), id(3), 0, id(5), 42L, 10, 10, 10L, 1L, PostingKind.EARN, LocalDate.of(2026, 3, 4),
                AT, 9L, "claim", "c-1", "年度文明户评比奖励 😀", null, 3L, "网格员张三", "好人\u0000好事 \ud800x", "award-1-x",
                "ab".repeat(32), "0".repeat(64), null);
        assertThat(EntryHasher.hash(KEY, passbook, List.of(SYSTEM)))
                .isEqualTo("35f30b4e34a0abbc81500594981ce479906d1ee5f9c239f066e438eeab97272e");
    }

    @Test
    void aLegWithNullsHashesAsBefore() {
        Leg passbook = new Leg(7, id(1), id(3), 0, id(5), 42L, 10, 10, 10L, 1L, PostingKind.EARN, LocalDate.of(2026, 3, 4),
                AT, null, null, null, null, null, null, "bench", null, "k", "ab".repeat(32), "0".repeat(64), null);
        assertThat(EntryHasher.hash(KEY, passbook, List.of(SYSTEM)))
                .isEqualTo("9ed06da238fec99d75c71f85c6dc2dd37a0675daf5cd2bafffb4bbca7532bc9b");
    }

    private static UUID id(int n) {
        return UUID.fromString("00000000-0000-0000-0000-00000000000" + n);
    }
}
