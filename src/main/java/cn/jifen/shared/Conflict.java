package cn.jifen.shared;

/** The request clashes with the current state (a duplicate, a concurrent change). */
public class Conflict extends RuntimeException {
    private final String messageKey;
    private final Object[] args;

    public Conflict(String messageKey, Object... args) {
        super(messageKey);
        this.messageKey = messageKey;
        this.args = args;
    }

    public String messageKey() { return messageKey; }

    public Object[] args() { return args; }
}
