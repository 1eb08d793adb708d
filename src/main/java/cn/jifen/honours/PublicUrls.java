package cn.jifen.honours;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Public addresses printed in QR codes: jifen.public-url (JIFEN_PUBLIC_URL) if set, else the current request's. */
@Component
class PublicUrls {
    private final String configured;

    PublicUrls(@Value("${jifen.public-url:}") String configured) {
        this.configured = configured == null ? "" : configured.strip().replaceAll("/+$", "");
    }

    String base() {
        return configured.isEmpty() ? ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString() : configured;
    }

    String verify(String code) {
        return base() + "/verify/" + code;
    }
}
