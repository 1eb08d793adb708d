package cn.jifen.honours.internal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Public addresses printed in QR codes: jifen.public-url (JIFEN_PUBLIC_URL) if set, else the current request's. */
@Component
public class PublicUrls {
    private final String configured;

    public PublicUrls(@Value("${jifen.public-url:}") String configured) {
        this.configured = configured == null ? "" : configured.strip().replaceAll("/+$", "");
    }

    public String base() {
        return configured.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() : configured;
    }

    public String verify(String code) {
        return base() + "/verify/" + code;
    }
}
