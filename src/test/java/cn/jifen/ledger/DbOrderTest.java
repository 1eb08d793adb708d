package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Rows are locked in {@link Ledger#DB_ORDER}: PostgreSQL's order of uuids, unsigned byte by byte. */
class DbOrderTest {
    @Test
    void ordersIdsAsTheDatabaseDoesUnsignedByteByByte() {
        UUID low = UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff");
        UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
        UUID highLow = UUID.fromString("80000000-0000-0000-8000-000000000000");
        assertThat(Ledger.DB_ORDER.compare(low, high)).isNegative();
        assertThat(Ledger.DB_ORDER.compare(high, highLow)).isNegative();
        assertThat(Ledger.DB_ORDER.compare(highLow, highLow)).isZero();
        Comparator<UUID> asText = Comparator.comparing(UUID::toString);   // lowercase hex: the same order
        Random random = new Random(17);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()));
        }
        List<UUID> sorted = new ArrayList<>(ids);
        sorted.sort(Ledger.DB_ORDER);
        List<UUID> byText = new ArrayList<>(ids);
        byText.sort(asText);
        assertThat(sorted).isEqualTo(byText);
    }
}
