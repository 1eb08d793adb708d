package cn.jifen.notify.internal;

/**
 * Delivers {@link OutboundMessage}s over one channel. The dispatcher calls {@link #send} outside any database
 * transaction, at least once per message; a sender must be safe to call again with the same message.
 */
public interface ChannelSender {

    Channel channel();

    /** Whether the county configured this channel (a provider, keys, a server); unconfigured channels are skipped. */
    boolean configured();

    /**
     * Sends one message.
     *
     * @return the billable units it used (SMS segments under the 70-character rule; 1 for other channels)
     * @throws DeliveryFailure when the provider refused or could not be reached
     */
    int send(OutboundMessage message);
}
