package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import cn.jifen.fixtures.violation.ViolatingApplication;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.File;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.Violation;
import org.springframework.modulith.core.Violations;
import org.springframework.modulith.docs.Documenter;

/**
 * Modules talk only through each other's published API, along the dependencies their {@code package-info.java}
 * allows, without cycles — checked on the production code, and on the production code together with each module's
 * own tests (a test in {@code cn.jifen.ledger} may not reach into {@code cn.jifen.directory.internal} either).
 */
class ModuleBoundariesTest {
    /**
     * Test-only packages are no application modules: {@code support} (the shared test harness), {@code browser},
     * {@code bench}, {@code security} and {@code platform} (whole-application tests through HTTP), the deliberately
     * broken {@code fixtures}, and the test classes in the root package. Imported, each would become a module that
     * every other module's tests depend on, and that depends on them: a cycle made by the test layout, not the code.
     */
    private static final Pattern TEST_ONLY = Pattern.compile(
            ".*/test-classes/cn/jifen/((support|browser|bench|security|platform|fixtures)/.*|[A-Za-z]+(\\$.*)?\\.class)");

    private static final ImportOption MODULE_TESTS_INCLUDED = location -> !location.matches(TEST_ONLY);

    private static final ImportOption PRODUCTION_ONLY = location -> !location.contains("/test-classes/");

    private final ApplicationModules production = ApplicationModules.of(JifenApplication.class, PRODUCTION_ONLY);

    @Test
    void productionCodeRespectsTheModuleBoundariesAndHasNoCycles() {
        production.verify();
    }

    @Test
    void moduleTestsUseOnlyThePublishedApiOfTheModulesTheirModuleMayUse() {
        ApplicationModules withTests = ApplicationModules.of(JifenApplication.class, MODULE_TESTS_INCLUDED);

        withTests.detectViolations()
                // a test class gets its collaborators by field injection: that is JUnit's way, not a design smell
                .filter(v -> !isFieldInjectionInATest(v))
                // cycles are a property of the production graph (checked above); shared test fixtures such as
                // HonoursFixture used by PartyTest would otherwise count as a party -> honours -> party cycle
                .filter(v -> !v.getMessage().startsWith("Cycle detected"))
                .throwIfPresent();
    }

    @Test
    void theModulesAreExactlyTheCapabilitiesOfTheDesign() {
        assertThat(production.stream().map(m -> m.getIdentifier().toString())).containsExactlyInAnyOrder(
                "audit", "claims", "complaints", "demo", "directory", "documents", "honours", "identity", "ledger",
                "market", "meetings", "noticeboard", "notify", "party", "proposals", "rules", "shared", "stats",
                "volunteers", "web", "wishes", "workbench");
    }

    @Test
    void sharedAndWebAreSharedModulesEveryModuleMayUse() {
        assertThat(production.getSharedModules()).extracting(m -> m.getIdentifier().toString())
                .containsExactlyInAnyOrder("shared", "web");
    }

    @Test
    void verificationFailsWhenAModuleUsesAnotherModulesInternalsOrAnUndeclaredDependency() {
        // the fixture lives in the test classes, which ApplicationModules leaves out unless told otherwise
        ApplicationModules fixture = ApplicationModules.of(ViolatingApplication.class, location -> true);

        assertThatExceptionOfType(Violations.class).isThrownBy(fixture::verify)
                .satisfies(violations -> assertThat(violations.getMessages())
                        .containsExactlyInAnyOrder(
                                "Module 'claims' depends on module 'ledger' via "
                                        + "cn.jifen.fixtures.violation.claims.Claims -> "
                                        + "cn.jifen.fixtures.violation.ledger.Ledger. Allowed targets: none.",
                                "Module 'claims' depends on module 'ledger' via "
                                        + "cn.jifen.fixtures.violation.claims.Claims -> "
                                        + "cn.jifen.fixtures.violation.ledger.internal.EntryHasher. Allowed targets: none."));
    }

    /** The module diagram (C4 in PlantUML), one diagram per module and the module canvases, on every build. */
    @Test
    void writesTheModuleDocumentation() {
        String folder = "docs/architecture/modules";
        new Documenter(production, Documenter.Options.defaults().withOutputFolder(folder))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();

        assertThat(new File(folder, "components.puml")).exists();
        assertThat(production.stream().map(ApplicationModule::getIdentifier).toList())
                .allSatisfy(id -> assertThat(new File(folder, "module-" + id + ".adoc")).exists());
    }

    private static boolean isFieldInjectionInATest(Violation violation) {
        String message = violation.getMessage();
        int at = message.indexOf("uses field injection in ");
        if (at < 0) {
            return false;
        }
        String field = message.substring(at + "uses field injection in ".length()).split(" ")[0];
        field = field.substring(0, field.length() - 1); // the sentence's full stop
        String className = field.substring(0, field.lastIndexOf('.'));
        return isTestClass(className);
    }

    private static boolean isTestClass(String className) {
        try {
            var source = Class.forName(className).getProtectionDomain().getCodeSource();
            return source != null && source.getLocation().toString().contains("/test-classes/");
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
