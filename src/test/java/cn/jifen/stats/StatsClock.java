package cn.jifen.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A county clock the statistics tests move by hand: postings land on the days the test chooses. */
public final class StatsClock extends Clock {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private volatile Instant now = Instant.now();

    public void set(int y, int m, int d, int hour) {
        now = OffsetDateTime.of(y, m, d, hour, 0, 0, 0, ZoneOffset.ofHours(8)).toInstant();
    }

    public void plusHours(long h) {
        now = now.plusSeconds(h * 3600);
    }

    public void reset() {
        now = Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZONE;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
