package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** E-mail to staff, against a real SMTP server (GreenMail) the test starts on 127.0.0.1. */
class MailNoticeSenderTest {
    private static final String FROM = "jifen@lianzhou.example.cn";

    private GreenMail smtp;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T02:00:00Z"), ZoneId.of("Asia/Shanghai"));

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    private MockEnvironment env() {
        return new MockEnvironment()
                .withProperty("jifen.notify.mail.host", "127.0.0.1")
                .withProperty("jifen.notify.mail.port", Integer.toString(smtp.getSmtp().getPort()))
                .withProperty("jifen.notify.mail.security", "none")
                .withProperty("jifen.notify.mail.from", FROM);
    }

    private MailNoticeSender sender() {
        return new MailNoticeSender(env(), SmsStub.messages(), clock);
    }

    private static OutboundMessage message(String key, String to) {
        return new OutboundMessage(11L, key, Channel.EMAIL, to, "石岭村", "待审核：3 条异议，1 条一票否决",
                "石岭村有 3 条异议等您审核，最早一条 12月11日 到期。\n请登录积分制管理系统处理。", "QUEUE_WAITING", Map.of());
    }

    @Test
    void theStaffMemberReceivesTheChineseSubjectAndBodyInUtf8() throws Exception {
        int units = sender().send(message("notice-11-mail", "wang.cunzhang@lianzhou.example.cn"));

        assertThat(units).isEqualTo(1);
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getAllRecipients()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("wang.cunzhang@lianzhou.example.cn");
        assertThat(((InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo(FROM);
        assertThat(received.getSubject()).isEqualTo("待审核：3 条异议，1 条一票否决");
        assertThat(received.getHeader("Subject")[0]).startsWithIgnoringCase("=?UTF-8?");
        assertThat(received.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(((String) received.getContent()).replace("\r\n", "\n"))
                .isEqualTo("石岭村有 3 条异议等您审核，最早一条 12月11日 到期。\n请登录积分制管理系统处理。");
    }

    @Test
    void theMessageIdComesFromTheIdempotencyKeySoARetryCarriesTheSameOne() throws Exception {
        MailNoticeSender sender = sender();

        sender.send(message("notice-11-mail", "wang.cunzhang@lianzhou.example.cn"));
        sender.send(message("notice-11-mail", "wang.cunzhang@lianzhou.example.cn"));

        assertThat(smtp.waitForIncomingEmail(5000, 2)).isTrue();
        assertThat(smtp.getReceivedMessages()).extracting(MimeMessage::getMessageID)
                .containsExactly("<notice-11-mail@lianzhou.example.cn>", "<notice-11-mail@lianzhou.example.cn>");
    }

    @Test
    void aKeyThatCannotStandInAMessageIdGoesAsItsHash() throws Exception {
        sender().send(message("notice 11/邮件", "wang.cunzhang@lianzhou.example.cn"));

        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()[0].getMessageID())
                .isEqualTo("<" + Hashes.sha256Hex("notice 11/邮件") + "@lianzhou.example.cn>");
    }

    @Test
    void aMessageWithoutSubjectGetsTheSystemsName() throws Exception {
        OutboundMessage noSubject = new OutboundMessage(12L, "k12", Channel.EMAIL, "li@lianzhou.example.cn", null, null,
                "正文", "LOW_STOCK", Map.of());

        sender().send(noSubject);

        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("积分制管理系统通知");
    }

    @Test
    void aWrongAddressIsRefusedWithoutContactingTheServer() {
        assertThatThrownBy(() -> sender().send(message("k", "wang at lianzhou")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("电子邮箱地址");
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnreachableServerIsRetryable() {
        MockEnvironment env = env().withProperty("jifen.notify.mail.port", Integer.toString(SmsStub.closedPort()));

        assertThatThrownBy(() -> new MailNoticeSender(env, SmsStub.messages(), clock)
                .send(message("k", "wang.cunzhang@lianzhou.example.cn")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isTrue();
                    assertThat(f.getMessage()).contains("连不上邮件服务器");
                });
    }

    @Test
    void aLoginTheServerRefusesIsNotRetried() {
        smtp.setUser(FROM, "jifen", "the-right-password");
        MockEnvironment env = env().withProperty("jifen.notify.mail.username", "jifen")
                .withProperty("jifen.notify.mail.password", "a-wrong-password");

        assertThatThrownBy(() -> new MailNoticeSender(env, SmsStub.messages(), clock)
                .send(message("k", "wang.cunzhang@lianzhou.example.cn")))
                .isInstanceOfSatisfying(DeliveryFailure.class, f -> {
                    assertThat(f.retryable()).isFalse();
                    assertThat(f.getMessage()).contains("邮件服务器拒绝").doesNotContain("a-wrong-password");
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void theRightLoginDelivers() {
        smtp.setUser(FROM, "jifen", "the-right-password");
        MockEnvironment env = env().withProperty("jifen.notify.mail.username", "jifen")
                .withProperty("jifen.notify.mail.password", "the-right-password");

        new MailNoticeSender(env, SmsStub.messages(), clock).send(message("k", "wang.cunzhang@lianzhou.example.cn"));

        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    }

    @Test
    void withoutAHostOrFromAddressEmailIsNotConfigured() {
        assertThat(new MailNoticeSender(new MockEnvironment(), SmsStub.messages(), clock).configured()).isFalse();
        assertThat(new MailNoticeSender(env().withProperty("jifen.notify.mail.from", ""), SmsStub.messages(), clock)
                .configured()).isFalse();
        assertThat(sender().configured()).isTrue();
    }
}
