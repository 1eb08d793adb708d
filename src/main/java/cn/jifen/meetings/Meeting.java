package cn.jifen.meetings;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A 评议会 of a village: SCHEDULED, OPEN (agenda and attendance list fixed) or CLOSED (outcomes applied). */
public record Meeting(long villageId, long id, String villageName, LocalDate heldOn, String place, String status,
                      String createdBy, OffsetDateTime openedAt, String chairName, OffsetDateTime closedAt,
                      int panelSize, int present) {
    public boolean scheduled() { return "SCHEDULED".equals(status); }

    public boolean open() { return "OPEN".equals(status); }

    public boolean closed() { return "CLOSED".equals(status); }

    /** More than half of the panel present. */
    public boolean quorate() { return panelSize > 0 && present * 2 > panelSize; }

    public String statusKey() { return "meetings.status." + status; }
}
