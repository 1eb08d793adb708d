package cn.jifen.claims;

import java.time.OffsetDateTime;

/** A volunteer activity (志愿服务活动) with its sign-up and attendance counts. */
public record Activity(long villageId, long id, String title, String place, OffsetDateTime startsAt, String itemCode,
                       int points, int quota, String status, int signedUp, int checkedIn) { }
