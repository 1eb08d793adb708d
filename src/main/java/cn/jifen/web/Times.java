package cn.jifen.web;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import org.springframework.stereotype.Component;

/**
 * Times on pages in the county's time zone (templates call {@code @times.format(t, 'yyyy-MM-dd HH:mm')}). PostgreSQL
 * hands a stored moment back in UTC and H2 with the offset it was written with, so a moment formatted as it comes
 * from the database shows a different hour depending on the database; the county's zone is the one its people read.
 */
@Component("times")
public class Times {
    private final Clock clock;

    Times(Clock clock) {
        this.clock = clock;
    }

    /** A moment (OffsetDateTime, ZonedDateTime, Instant) in the county's zone, a local date or time as it is; null: "". */
    public String format(TemporalAccessor t, String pattern) {
        if (t == null) {
            return "";
        }
        DateTimeFormatter f = DateTimeFormatter.ofPattern(pattern);
        if (t instanceof OffsetDateTime o) {
            return f.format(o.atZoneSameInstant(clock.getZone()));
        }
        if (t instanceof ZonedDateTime z) {
            return f.format(z.withZoneSameInstant(clock.getZone()));
        }
        if (t instanceof Instant i) {
            return f.format(i.atZone(clock.getZone()));
        }
        return f.format(t);
    }
}
