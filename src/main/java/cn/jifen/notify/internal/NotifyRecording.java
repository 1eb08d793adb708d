package cn.jifen.notify.internal;

import cn.jifen.notify.NotifyPause;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether an event published now is recorded: notifications are on (jifen.notify.enabled) and not paused (the
 * demo load). NotifyEvents' asynchronous listeners name it in their condition ({@code @notifyRecording.on()}),
 * which Spring Modulith evaluates when the event is published: an event not recorded leaves no row in the
 * event publication registry either, so turning notifications off costs a posting nothing at all.
 */
@Component("notifyRecording")
public class NotifyRecording {
    private final NotifyPause pause;
    private final boolean enabled;

    /**
     * @param enabled jifen.notify.enabled: false turns notifications off altogether (nothing recorded, so nothing
     *                delivered), for a site that does not want them or for measuring what they cost a redemption
     */
    NotifyRecording(NotifyPause pause, @Value("${jifen.notify.enabled:true}") boolean enabled) {
        this.pause = pause;
        this.enabled = enabled;
    }

    public boolean on() {
        return enabled && !pause.paused();
    }
}
