package cn.jifen.notify;

/** A channel could not deliver. Retryable failures (timeouts, 5xx, rate limits) are tried again with backoff. */
public class DeliveryFailure extends RuntimeException {
    private final boolean retryable;

    public DeliveryFailure(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public DeliveryFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
