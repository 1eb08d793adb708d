package cn.jifen.demo.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The county clock while the demo's year of life is on (jifen.demo.year): the system clock for everyone,
 * except the demo loader's own thread while it replays the past year, which sees the day it is replaying.
 *
 * <p>Why a clock and not a date parameter on each service: the services take "now" from the one injectable
 * {@link Clock} bean (the tests move it the same way), and a year of history has to pass through every rule
 * they apply with that "now" (publicity periods, caps per month, redemption windows, honours per period,
 * closed periods). A clock moved for one thread reaches all of them without a single service change, and
 * without a second code path that only the demo would use. It is per thread so that web requests and
 * scheduled jobs that run while the demo loads keep the real time.
 */
final class DemoClock extends Clock {
    private final Clock system;
    private final ThreadLocal<Instant> moved;

    DemoClock(Clock system) {
        this(system, new ThreadLocal<>());
    }

    private DemoClock(Clock system, ThreadLocal<Instant> moved) {
        this.system = system;
        this.moved = moved;
    }

    /** From now on the calling thread sees this instant (until {@link #release}). */
    void moveTo(Instant instant) {
        moved.set(instant);
    }

    /** The calling thread sees the system clock again. */
    void release() {
        moved.remove();
    }

    /** The real time, whatever the calling thread has been moved to. */
    Instant realNow() {
        return system.instant();
    }

    @Override
    public ZoneId getZone() {
        return system.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(getZone()) ? this : new DemoClock(system.withZone(zone), moved);
    }

    @Override
    public Instant instant() {
        Instant m = moved.get();
        return m != null ? m : system.instant();
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
