package cn.jifen.complaints;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A complaint or suggestion as the reader may see it. {@code filer} (the household head's name and passbook number)
 * is null when it is hidden from the reader ({@code filerHidden}: an anonymous complaint read by the village's own
 * staff); town and county staff and the filer always see it. {@code overdue}: still waiting after its deadline.
 */
public record Complaint(long villageId, long id, String villageName, ComplaintKind kind, ComplaintStatus status,
                       String body, String filer, boolean filerHidden, boolean anonymous, boolean enteredByStaff,
                       OffsetDateTime createdAt, OffsetDateTime deadline, boolean overdue, OffsetDateTime escalatedAt,
                       String reply, Boolean replyPublic, String answeredBy, OffsetDateTime answeredAt,
                       Boolean answeredOnTime, Integer rating, String ratingComment, OffsetDateTime ratedAt,
                       List<Long> photoIds) {

    public boolean waiting() { return status.waiting(); }
}
