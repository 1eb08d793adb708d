package cn.jifen.demo.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the demo load's time goes: the wall time and the loading thread's CPU time of each kind of step, summed
 * over the year and logged once at the end (on embedded H2 the database works in the loading thread, so its CPU
 * time is the work itself; the wall time also holds what else the machine runs). Steps do not nest in a thread;
 * the two towns' threads ({@link TwoTowns}) time their steps at once, so a step's wall and CPU time add up both.
 */
final class DemoSteps {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpu = threads.isCurrentThreadCpuTimeSupported();
    /** step → {times, wall ns, cpu ns} */
    private final Map<String, long[]> steps = new LinkedHashMap<>();

    void time(String step, Runnable r) {
        time(step, () -> {
            r.run();
            return null;
        });
    }

    <T> T time(String step, Supplier<T> s) {
        long wall = System.nanoTime();
        long cpu0 = cpuNow();
        try {
            return s.get();
        } finally {
            long w = System.nanoTime() - wall;
            long c = cpuNow() - cpu0;
            synchronized (steps) {
                long[] t = steps.computeIfAbsent(step, k -> new long[3]);
                t[0]++;
                t[1] += w;
                t[2] += c;
            }
        }
    }

    long cpuNow() {
        return cpu ? threads.getCurrentThreadCpuTime() : 0;
    }

    /** One line per step, in the order first met, and what the whole took outside them (both in ns). */
    String summary(long wallNanos, long cpuNanos) {
        synchronized (steps) {
            return summaryOf(wallNanos, cpuNanos);
        }
    }

    /** The rest's wall time is what the steps leave of the whole; with two threads they may add up to more. */
    private String summaryOf(long wallNanos, long cpuNanos) {
        StringBuilder b = new StringBuilder();
        long wall = wallNanos;
        long cpu = cpuNanos;
        for (Map.Entry<String, long[]> e : steps.entrySet()) {
            long[] t = e.getValue();
            b.append(line(e.getKey(), t[0], t[1], t[2]));
            wall -= t[1];
            cpu -= t[2];
        }
        return b.append(line("(the rest: objections, appeals, transactions' commits)", 0, Math.max(0, wall), cpu)).toString();
    }

    private static String line(String step, long times, long wall, long cpu) {
        return String.format("%n  %-60s %5s  wall %7d ms  CPU %6d ms", step, times == 0 ? "" : times + "×",
                wall / 1_000_000, cpu / 1_000_000);
    }
}
