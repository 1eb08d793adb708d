package cn.jifen.complaints.internal;

import cn.jifen.complaints.ComplaintKind;
import java.time.OffsetDateTime;

/** A public reply as the village board shows it: what was raised and the answer, never who raised it. */
public record PublicReply(long id, ComplaintKind kind, String body, String reply, OffsetDateTime answeredAt) { }
