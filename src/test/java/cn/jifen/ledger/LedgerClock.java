package cn.jifen.ledger;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A county clock a ledger test moves by hand, so postings land in the months the test chooses. */
public final class LedgerClock extends Clock {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private volatile Instant now = Instant.now();

    public void set(int y, int m, int d) {
        now = OffsetDateTime.of(y, m, d, 10, 0, 0, 0, ZoneOffset.ofHours(8)).toInstant();
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

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        LedgerClock ledgerClock() {
            return new LedgerClock();
        }
    }
}
