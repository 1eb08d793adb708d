package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** In the application, the SMS, WeChat and e-mail senders are beans, and with the shipped defaults all are off. */
@IntegrationTest
class SmsWeChatMailWiringTest extends Db {
    @Autowired
    List<ChannelSender> senders;

    @Test
    void theApplicationHasASenderForSmsWeChatAndEmail() {
        assertThat(senders).extracting(ChannelSender::channel).contains(Channel.SMS, Channel.WECHAT, Channel.EMAIL);
    }

    @Test
    void withTheShippedEmptyConfigurationNoneOfThemIsConfigured() {
        assertThat(senders).filteredOn(s -> List.of(Channel.SMS, Channel.WECHAT, Channel.EMAIL).contains(s.channel()))
                .allSatisfy(s -> assertThat(s.configured()).as(s.channel().name()).isFalse());
    }
}
