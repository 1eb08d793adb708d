package cn.jifen.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** The demo's stored password hashes are real BCrypt hashes (cost 10, as the application's encoder makes) of the published passwords. */
class DemoPasswordsTest {
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder();

    @Test
    void everyStoredHashIsTheBcryptHashOfItsPassword() {
        assertThat(DemoPasswords.HASHES).hasSize(8);
        for (Map.Entry<String, String> e : DemoPasswords.HASHES.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).startsWith("$2a$10$");
            assertThat(encoder.matches(e.getKey(), e.getValue())).as(e.getKey()).isTrue();
        }
    }
}
