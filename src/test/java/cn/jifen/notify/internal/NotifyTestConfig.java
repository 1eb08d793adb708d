package cn.jifen.notify.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * What the notification tests add to the application: a county clock they can set (quiet hours, digest,
 * backoff), and an SMS channel that records what it was given (the real adapters are the channels' own tests).
 */
@TestConfiguration(proxyBeanMethods = false)
public class NotifyTestConfig {

    /** The real time until a test sets it; then that time until reset. */
    static final class TestClock extends Clock {
        static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
        private volatile Instant fixed;

        void set(int y, int m, int d, int hour, int minute) {
            fixed = OffsetDateTime.of(y, m, d, hour, minute, 0, 0, ZoneOffset.ofHours(8)).toInstant();
        }

        void plusMinutes(long minutes) {
            fixed = instant().plusSeconds(minutes * 60);
        }

        void reset() {
            fixed = null;
        }

        @Override
        public ZoneId getZone() {
            return ZONE;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(instant(), zone);
        }

        @Override
        public Instant instant() {
            Instant f = fixed;
            return f == null ? Instant.now() : f;
        }
    }

    /** An SMS channel that keeps every message it sent. */
    static final class RecordingSms implements ChannelSender {
        final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();
        private final String signName;
        volatile long delayMillis;

        RecordingSms() {
            this("");
        }

        /** Bills as a provider would under this 短信签名. */
        RecordingSms(String signName) {
            this.signName = signName;
        }

        @Override
        public Channel channel() {
            return Channel.SMS;
        }

        @Override
        public boolean configured() {
            return true;
        }

        @Override
        public int send(OutboundMessage message) {
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(message);
            return SmsSegments.count(signName, SmsSegments.withVillage(message.villageName(), message.text()));
        }

        List<OutboundMessage> to(String phone) {
            return sent.stream().filter(m -> m.address().equals(phone)).toList();
        }
    }

    @Bean
    @Primary
    TestClock notifyTestClock() {
        return new TestClock();
    }

    @Bean
    RecordingSms recordingSms() {
        return new RecordingSms();
    }
}
