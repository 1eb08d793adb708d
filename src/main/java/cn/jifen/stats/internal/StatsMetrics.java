package cn.jifen.stats.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Jifen's own Prometheus gauges, read from the database (so every instance reports the same figures;
 * take max, not sum, across instances): postings of today by kind, redemptions of today, claims by
 * state and passbooks issued. Read at most once per refresh interval, whatever the scrape rate, unless a posting
 * was made since the last read ({@link #stale()}).
 * Request latencies come from Spring Boot (http_server_requests_seconds).
 */
@Component
public class StatsMetrics implements MeterBinder {
    public static final List<String> KINDS = List.of("EARN", "DEDUCT", "VETO", "REDEEM", "CANCEL", "EXPIRE", "CORRECT");
    public static final List<String> STATES = List.of("RECORDED", "AWAITING_SECOND_APPROVAL", "IN_PUBLICITY", "OBJECTED",
            "POSTING", "POSTED", "REJECTED", "REVERSED");

    private final StatsSql sql;
    private final Clock clock;
    private final long refreshMillis;
    private volatile long readAt;
    private volatile Map<String, Long> postingsToday = Map.of();
    private volatile Map<String, Long> claims = Map.of();
    private volatile long passbooks;

    public StatsMetrics(StatsSql sql, Clock clock, @Value("${jifen.stats.metrics-refresh-seconds:30}") long refreshSeconds) {
        this.sql = sql;
        this.clock = clock;
        this.refreshMillis = refreshSeconds * 1000;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String kind : KINDS) {
            Gauge.builder("jifen.ledger.postings.today", this, m -> m.read().postingsToday.getOrDefault(kind, 0L))
                    .tag("kind", kind).description("Postings made today (county date), by kind").register(registry);
        }
        Gauge.builder("jifen.market.redemptions.today", this, m -> m.read().postingsToday.getOrDefault("REDEEM", 0L)
                        - m.postingsToday.getOrDefault("CANCEL", 0L))
                .description("Redemptions today: REDEEM postings less CANCEL postings").register(registry);
        for (String state : STATES) {
            Gauge.builder("jifen.claims", this, m -> m.read().claims.getOrDefault(state, 0L))
                    .tag("state", state).description("Claims by state").register(registry);
        }
        Gauge.builder("jifen.passbooks", this, m -> m.read().passbooks).description("Passbooks issued").register(registry);
    }

    /**
     * New postings (redemptions are REDEEM postings) make today's figures out of date: the next scrape reads them
     * again instead of waiting out the refresh interval (StatsFreshness calls this after the posting commits).
     */
    public void stale() {
        readAt = 0;
    }

    private synchronized StatsMetrics read() {
        long now = System.currentTimeMillis();
        if (now - readAt >= refreshMillis) {
            try {
                LocalDate today = LocalDate.now(clock);
                Map<String, Long> p = new ConcurrentHashMap<>();
                sql.postingsOn(today).forEach(p::put);
                postingsToday = p;
                claims = sql.claimsByStatus();
                passbooks = sql.passbookCount();
                readAt = now;
            } catch (RuntimeException e) {
                // the database is down: keep the last figures; health shows the outage
            }
        }
        return this;
    }
}
