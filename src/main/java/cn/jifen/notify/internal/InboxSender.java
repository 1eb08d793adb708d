package cn.jifen.notify.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.springframework.stereotype.Component;

/**
 * The inbox (站内信) channel: always configured. Delivering inserts the message into the account's inbox under the
 * outbox key, so a redelivery (after a crash between insert and "sent") never shows twice.
 */
@Component
class InboxSender implements ChannelSender {
    private final OutboxSql sql;
    private final Clock clock;

    InboxSender(OutboxSql sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    @Override
    public Channel channel() {
        return Channel.INBOX;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public int send(OutboundMessage m) {
        sql.insertInbox(m.idempotencyKey(), Long.parseLong(m.address()), null, m.template(), m.subject(), m.text(),
                OffsetDateTime.now(clock));
        return 1;
    }
}
