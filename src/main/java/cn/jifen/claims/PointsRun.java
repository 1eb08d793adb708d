package cn.jifen.claims;

import java.time.OffsetDateTime;

/** One run of the county's points policy in one village: base points or the expiry of balances. */
public record PointsRun(long villageId, long id, String kind, String periodKey, OffsetDateTime startedAt,
                        OffsetDateTime finishedAt, int households, int posted, long points, String actorName) { }
