package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.fail;

import cn.jifen.shared.Conflict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the same attempt from many threads at once: every thread waits at a start gate, then makes
 * its attempts one after another. Every attempt's result or exception is kept; the whole race is
 * bounded in time, so a deadlock fails the test instead of hanging the build.
 */
public final class LedgerConcurrencyHarness {
    private LedgerConcurrencyHarness() { }

    /** One attempt of one thread. */
    public interface Attempt<T> {
        T run(int thread, int attempt) throws Exception;
    }

    /** What one attempt gave: a value or an exception. */
    public record Outcome<T>(int thread, int attempt, T value, Throwable error) {
        public boolean ok() {
            return error == null;
        }

        boolean conflict(String messageKey) {
            return error instanceof Conflict c && messageKey.equals(c.messageKey());
        }
    }

    public static <T> List<Outcome<T>> race(int threads, int attemptsPerThread, Duration limit, Attempt<T> attempt) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch gate = new CountDownLatch(1);
        ConcurrentLinkedQueue<Outcome<T>> outcomes = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    gate.await();
                    for (int i = 0; i < attemptsPerThread; i++) {
                        try {
                            outcomes.add(new Outcome<>(thread, i, attempt.run(thread, i), null));
                        } catch (Exception | AssertionError e) {
                            outcomes.add(new Outcome<>(thread, i, null, e));
                        }
                    }
                    return null;
                }));
            }
            if (!ready.await(30, TimeUnit.SECONDS)) {
                fail("the %d threads did not all start", threads);
            }
            long deadline = System.nanoTime() + limit.toNanos();
            gate.countDown();
            for (Future<?> f : futures) {
                long left = deadline - System.nanoTime();
                try {
                    f.get(Math.max(1, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    fail("the race did not finish within %s (a deadlock or lock wait?); %d of %d attempts done",
                            limit, outcomes.size(), threads * attemptsPerThread);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (ExecutionException e) {
            fail("a racing thread died", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(outcomes);
    }

    /** The unexpected exceptions among the outcomes, by class and message, with a count each, for messages. */
    public static Map<String, Integer> unexpected(List<? extends Outcome<?>> outcomes, String... expectedConflicts) {
        Map<String, Integer> out = new LinkedHashMap<>();
        outer:
        for (Outcome<?> o : outcomes) {
            if (o.ok()) {
                continue;
            }
            for (String k : expectedConflicts) {
                if (o.conflict(k)) {
                    continue outer;
                }
            }
            Throwable root = o.error();
            String what = root.getClass().getName() + ": " + root.getMessage();
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
                what += " <- " + root.getClass().getSimpleName() + ": " + root.getMessage();
            }
            out.merge(what.length() > 400 ? what.substring(0, 400) : what, 1, Integer::sum);
        }
        return out;
    }
}
