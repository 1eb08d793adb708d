package cn.jifen.shared;

/** The thing does not exist, or is outside the actor's scope (which must not leak). */
public class NotFound extends RuntimeException {
    private final String messageKey;

    public NotFound(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public String messageKey() { return messageKey; }
}
