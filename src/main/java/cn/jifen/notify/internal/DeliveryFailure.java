package cn.jifen.notify.internal;

/** A channel could not deliver. Retryable failures (timeouts, 5xx, rate limits) are tried again with backoff. */
public class DeliveryFailure extends RuntimeException {
    private final boolean retryable;
    private final boolean dropped;

    public DeliveryFailure(String message, boolean retryable) {
        this(message, retryable, false);
    }

    private DeliveryFailure(String message, boolean retryable, boolean dropped) {
        super(message);
        this.retryable = retryable;
        this.dropped = dropped;
    }

    /**
     * The message no longer has anyone to go to (its webhook subscription was stopped): it is ended as SKIPPED,
     * not dead-lettered, since no county admin should be asked to resend it.
     */
    static DeliveryFailure dropped(String message) {
        return new DeliveryFailure(message, false, true);
    }

    public DeliveryFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.dropped = false;
    }

    public boolean retryable() {
        return retryable;
    }

    boolean dropped() {
        return dropped;
    }
}
