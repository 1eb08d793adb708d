package cn.jifen.shared;

/** The actor's role may not do this, or the target is outside its scope. */
public class Forbidden extends RuntimeException {
    private final String messageKey;

    public Forbidden(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public static Forbidden role() { return new Forbidden("error.forbidden.role"); }

    public static Forbidden scope() { return new Forbidden("error.forbidden.scope"); }

    public String messageKey() { return messageKey; }
}
