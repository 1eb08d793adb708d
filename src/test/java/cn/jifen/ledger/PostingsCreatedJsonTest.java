package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link PostingsCreated} comes back from the event publication registry's JSON as it went in (a listener is run
 * again from it after a crash), in the column form written now and in the earlier one a registry may still hold.
 */
class PostingsCreatedJsonTest {
    private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();
    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 12, 8, 1, 49, 0, 622_477_000, ZoneOffset.UTC);

    @Test
    void aBatchComesBackAsItWentIn() {
        List<PostingCreated> postings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Posting p = new Posting(UUID.randomUUID(), 62, 42_600 + i, i < 40 ? PostingKind.EARN : PostingKind.DEDUCT,
                    i < 40 ? 10 : -3, i < 40 ? 10 : -5, 20 + i, 2 + i % 3, LocalDate.of(2026, 12, 8),
                    i < 25 ? AT : AT.plusNanos(1_000), i == 7);
            postings.add(new PostingCreated(p, i < 45 ? "年度文明户评比奖励" : null, i % 2 == 0 ? "claim" : null,
                    i % 2 == 0 ? "c-" + i : null));
        }
        PostingsCreated event = new PostingsCreated(postings);
        String text = json.writeValueAsString(event);
        assertThat(text).contains(postings.get(0).posting().postingId().toString()).contains("\"format\":\"columns\"");
        assertThat(json.readValue(text, PostingsCreated.class)).isEqualTo(event);
    }

    @Test
    void anEmptyEventComesBack() {
        PostingsCreated event = new PostingsCreated(List.of());
        assertThat(json.readValue(json.writeValueAsString(event), PostingsCreated.class)).isEqualTo(event);
    }

    @Test
    void theEarlierFormIsStillRead() {
        String earlier = """
                {"postings":[{"posting":{"postingId":"d4b162f9-968d-4023-8181-2edaa504d0e8","villageId":62,\
                "householdId":42601,"kind":"EARN","amount":10,"scoreDelta":10,"balanceAfter":20,"seq":2,\
                "postedOn":"2026-12-08","createdAt":"2026-12-08T01:49:00.622477Z","replayed":false},\
                "itemLabel":"年度文明户评比奖励","sourceType":null,"sourceRef":null}]}""";
        PostingsCreated event = json.readValue(earlier, PostingsCreated.class);
        assertThat(event.postings()).containsExactly(new PostingCreated(new Posting(
                UUID.fromString("d4b162f9-968d-4023-8181-2edaa504d0e8"), 62, 42601, PostingKind.EARN, 10, 10, 20, 2,
                LocalDate.of(2026, 12, 8), AT, false), "年度文明户评比奖励", null, null));
    }
}
