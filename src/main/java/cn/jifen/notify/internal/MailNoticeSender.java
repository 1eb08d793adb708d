package cn.jifen.notify.internal;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.env.Environment;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * E-mail to staff over the county's SMTP server (Spring's JavaMailSender on Jakarta Mail).
 *
 * <p>Configured by {@code jifen.notify.mail.*} (host, port, username, password, from, security = ssl | starttls |
 * none); without a host and a from address the channel is off. Not Boot's {@code spring.mail.*}: those would also
 * switch on a mail health check that marks the whole application DOWN when the county's mail server is.
 *
 * <p>The subject and body are UTF-8 (the subject RFC 2047-encoded). The Message-ID is derived from the idempotency
 * key, so a retried message carries the same Message-ID as the first and a mail client or server that
 * de-duplicates shows it once.
 */
@Component
public class MailNoticeSender implements ChannelSender {
    private static final Logger log = LoggerFactory.getLogger(MailNoticeSender.class);
    /** RFC 5322 dot-atom text: what may stand left of the @ in a Message-ID without quoting. */
    private static final Pattern DOT_ATOM = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private final JavaMailSenderImpl mail;
    private final InternetAddress from;
    private final MessageSource messages;
    private final Clock clock;

    MailNoticeSender(Environment env, MessageSource messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
        String host = env.getProperty("jifen.notify.mail.host", "").trim();
        String fromAddress = env.getProperty("jifen.notify.mail.from", "").trim();
        InternetAddress parsedFrom = null;
        if (!fromAddress.isEmpty()) {
            try {
                parsedFrom = new InternetAddress(fromAddress, true);
            } catch (AddressException e) {
                log.warn("jifen.notify.mail.from is not an e-mail address: e-mail stays off");
            }
        }
        this.from = parsedFrom;
        if (host.isEmpty() || parsedFrom == null) {
            this.mail = null;
            return;
        }
        String security = env.getProperty("jifen.notify.mail.security", "ssl").trim().toLowerCase(Locale.ROOT);
        int defaultPort = switch (security) {
            case "ssl" -> 465;
            case "starttls" -> 587;
            default -> 25;
        };
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(host);
        String port = env.getProperty("jifen.notify.mail.port", "").trim();
        sender.setPort(port.isEmpty() ? defaultPort : Integer.parseInt(port));
        sender.setProtocol("ssl".equals(security) ? "smtps" : "smtp");
        String username = env.getProperty("jifen.notify.mail.username", "").trim();
        if (!username.isEmpty()) {
            sender.setUsername(username);
            sender.setPassword(env.getProperty("jifen.notify.mail.password", ""));
        }
        sender.setDefaultEncoding("UTF-8");
        Properties props = new Properties();
        String p = "mail." + sender.getProtocol() + ".";
        props.put(p + "auth", Boolean.toString(!username.isEmpty()));
        props.put(p + "connectiontimeout", "3000");
        props.put(p + "timeout", "10000");
        props.put(p + "writetimeout", "10000");
        if ("starttls".equals(security)) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        sender.setJavaMailProperties(props);
        this.mail = sender;
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public boolean configured() {
        return mail != null;
    }

    @Override
    public int send(OutboundMessage message) {
        if (!configured()) {
            throw new DeliveryFailure(text("notify.channel.notConfigured", "E-mail"), false);
        }
        InternetAddress to;
        try {
            to = new InternetAddress(message.address() == null ? "" : message.address().trim(), true);
            to.validate();
        } catch (AddressException e) {
            throw new DeliveryFailure(text("notify.mail.badAddress", String.valueOf(message.address())), false);
        }
        try {
            MimeMessage mime = new FixedIdMessage(mail.getSession(), messageId(message.idempotencyKey()));
            MimeMessageHelper helper = new MimeMessageHelper(mime, false, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            String subject = message.subject() == null || message.subject().isBlank()
                    ? text("notify.mail.subject") : message.subject();
            helper.setSubject(subject);
            helper.setText(message.text() == null ? "" : message.text(), false);
            helper.setSentDate(Date.from(clock.instant()));
            mail.send(mime);
            return 1;
        } catch (MailAuthenticationException e) {
            log.warn("E-mail {}: the SMTP server refused the login", message.id());
            throw new DeliveryFailure(text("notify.mail.refused", "authentication"), false, e);
        } catch (MailSendException e) {
            boolean addressRefused = e.getFailedMessages().values().stream().anyMatch(MailNoticeSender::addressRefused);
            log.info("E-mail {} not sent: {}", message.id(), e.getMessage());
            throw new DeliveryFailure(text(addressRefused ? "notify.mail.refused" : "notify.mail.unreachable",
                    rootMessage(e)), !addressRefused, e);
        } catch (MailException | MessagingException e) {
            log.info("E-mail {} not sent: {}", message.id(), e.getMessage());
            throw new DeliveryFailure(text("notify.mail.unreachable", rootMessage(e)), true, e);
        }
    }

    /** The server refused the recipient (550 no such user...): another try would be refused again. */
    private static boolean addressRefused(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                    && sfe.getInvalidAddresses().length > 0) {
                return true;
            }
            if (t instanceof AuthenticationFailedException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /**
     * {@code <key@domain>}: the key itself when it is plain dot-atom text, else its SHA-256; the domain is the from
     * address's, so the id is unique to this county's Jifen.
     */
    String messageId(String idempotencyKey) {
        String key = idempotencyKey == null ? "" : idempotencyKey;
        String left = DOT_ATOM.matcher(key).matches() && key.length() <= 64 ? key : Hashes.sha256Hex(key);
        String address = from.getAddress();
        String domain = address.substring(address.indexOf('@') + 1);
        return "<" + left + "@" + domain + ">";
    }

    /** Jakarta Mail sets a fresh random Message-ID on every save; this one keeps the id it was given. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String id;

        FixedIdMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    private String text(String key, Object... args) {
        return messages.getMessage(key, args, key, Locale.SIMPLIFIED_CHINESE);
    }
}
