package cn.jifen.notify.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The channel senders in the application, found by {@link ChannelSender#channel()}; the first configured wins. */
@Component
class Senders {
    private final List<ChannelSender> all;

    Senders(List<ChannelSender> all) {
        this.all = all;
    }

    Optional<ChannelSender> of(Channel channel) {
        return all.stream().filter(s -> s.channel() == channel && s.configured()).findFirst();
    }

    boolean configured(Channel channel) {
        return of(channel).isPresent();
    }
}
