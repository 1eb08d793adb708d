package cn.jifen.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * Published once per ledger transaction that made new postings (a batch award: all of them; replayed keys are not
 * in it), inside that transaction, so a listener that writes in it (the notification outbox) commits or rolls
 * back with them. Kept in the event publication registry by column ({@link PostingsCreatedJson}).
 */
public record PostingsCreated(List<PostingCreated> postings) {
    /** The registry's JSON of this event. */
    @JsonValue
    Map<String, Object> json() {
        return PostingsCreatedJson.write(postings);
    }

    /** The event again from the registry's JSON (this form or the earlier one). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static PostingsCreated fromJson(Map<String, Object> json) {
        return PostingsCreatedJson.read(json);
    }
}
