package cn.jifen.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.springframework.modulith.events.EventPublication;
import org.springframework.modulith.events.core.EventPublicationRegistry;
import org.springframework.stereotype.Component;

/**
 * Waits for the asynchronous cross-module effects ({@code @ApplicationModuleListener}s, e.g. a posting's
 * notify_event row) of what a test just did: until Spring Modulith's event publication registry has no
 * incomplete publication left, polling, for at most {@link #BOUND} (the machine may be busy). A publication whose
 * listener failed fails the test at once, naming it, instead of waiting out the bound.
 */
@Component
public class AsyncEvents {
    /** Generous: on a shared two-core machine an after-commit listener may queue behind other tests' work. */
    public static final Duration BOUND = Duration.ofSeconds(30);

    private final EventPublicationRegistry registry;

    AsyncEvents(EventPublicationRegistry registry) {
        this.registry = registry;
    }

    /** Returns once every publication made so far has been completed by its listener. */
    public void settle() {
        await("asynchronous listeners to complete their publications").atMost(BOUND)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                    List<? extends EventPublication> open = List.copyOf(registry.findIncompletePublications());
                    for (EventPublication p : open) {
                        if (p.getStatus() == EventPublication.Status.FAILED) {
                            throw new AssertionError("listener failed on " + p.getEvent() + " (publication "
                                    + p.getIdentifier() + ")");
                        }
                    }
                    return open.isEmpty();
                });
    }
}
