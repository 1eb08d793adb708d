package cn.jifen.demo.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Lives the demo county's towns side by side on a first start: the loader's thread lives the first town's villages,
 * a second thread the other town's, and {@link #each} returns when both are done. The machine Jifen is meant for
 * has two cores, and the load is one thread of database work (embedded H2 works in the caller's thread), so the
 * second core was idle once the JIT had settled. The villages of a town stay in their order; each village's events
 * use only its own random numbers, so what the year holds does not depend on which thread lived it.
 *
 * <p>The second thread sees the demo clock where the loader's thread was when the step began (the clock is moved
 * per thread: {@link DemoClock}); each village's month moves it on from there.
 */
final class TwoTowns implements AutoCloseable {
    private final DemoClock clock;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final ExecutorService second = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "demo-load-town-2");
        t.setDaemon(true);
        return t;
    });
    private volatile long helperCpuNanos;

    TwoTowns(DemoClock clock) {
        this.clock = clock;
    }

    /**
     * Runs {@code work} for every item, the items grouped by {@code town(item)}: the first town in this thread, the
     * others in the second thread, one after another. Throws what either thread threw, after both have stopped.
     */
    <T> void each(List<T> items, Function<T, Object> town, Consumer<T> work) {
        Map<Object, List<T>> byTown = new LinkedHashMap<>();
        for (T item : items) {
            byTown.computeIfAbsent(town.apply(item), k -> new ArrayList<>()).add(item);
        }
        List<List<T>> groups = new ArrayList<>(byTown.values());
        if (groups.size() < 2) {
            items.forEach(work);
            return;
        }
        Instant now = clock.instant();
        List<T> rest = groups.subList(1, groups.size()).stream().flatMap(List::stream).toList();
        besides(() -> groups.get(0).forEach(work), () -> {
            clock.moveTo(now);
            rest.forEach(work);
        });
    }

    /**
     * Runs two steps that do not depend on each other at once: {@code first} in this thread, {@code second} in the
     * second thread (whose demo clock is released when it ends; each step moves it as it needs). Throws what either
     * threw, after both have stopped.
     */
    void besides(Runnable first, Runnable second) {
        Future<?> other = this.second.submit(() -> {
            long cpu0 = threads.getCurrentThreadCpuTime();
            try {
                second.run();
            } finally {
                clock.release();
                helperCpuNanos += threads.getCurrentThreadCpuTime() - cpu0;
            }
        });
        RuntimeException failed = null;
        try {
            first.run();
        } catch (RuntimeException e) {
            failed = e;
        }
        try {
            other.get();
        } catch (ExecutionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            if (failed == null) {
                failed = cause;
            } else {
                failed.addSuppressed(cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the second thread worked", e);
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** The CPU time the second thread has spent on the towns so far, in ns. */
    long helperCpuNanos() {
        return helperCpuNanos;
    }

    @Override
    public void close() {
        second.shutdownNow();
    }
}
