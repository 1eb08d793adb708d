package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk only through each other's public API, and there are no cycles. */
class ModuleBoundariesTest {
    private final ApplicationModules modules = ApplicationModules.of(JifenApplication.class,
            // tests may cross module lines; any build directory (target, target-postgres, ...) counts
            (ImportOption) location -> !location.contains("/test-classes/"));

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void theModulesOfTheDesignExist() {
        assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
                .contains("directory", "identity", "audit", "market", "documents", "shared", "web");
    }
}
