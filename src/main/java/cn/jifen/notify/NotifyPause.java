package cn.jifen.notify;

import org.springframework.stereotype.Component;

/**
 * Stops new notices from being recorded while it is on. The demo county's first load lives a year of postings,
 * redemptions and reviews through the real services: recorded, they would become a backlog of thousands of events
 * and hundreds of unread inbox messages for the demo villagers about things that never happened to anyone. The
 * demo loader turns this on for the load (the web is answering 503 then, so no real change is made meanwhile) and
 * off after it. Notify cannot depend on the demo module, so the demo sets this switch rather than notify asking it.
 */
@Component
public class NotifyPause {
    private volatile boolean paused;

    /** On: events published from now on are not recorded (no notify_event row, so no message). */
    public void paused(boolean on) {
        paused = on;
    }

    public boolean paused() {
        return paused;
    }
}
