package cn.jifen;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@Modulithic(sharedModules = {"shared", "web"})
@EnableScheduling
// @ApplicationModuleListener methods run after the publishing transaction commits, on Boot's task executor
@EnableAsync
public class JifenApplication {

    public static void main(String[] args) {
        // Command-line tools (create-admin, ...) run without the web server.
        if (args.length > 0 && !args[0].startsWith("-")) {
            System.exit(JifenCommands.run(args));
        }
        SpringApplication application = new SpringApplication(JifenApplication.class);
        // a first start on a new embedded database migrates it beside Spring's own start (tests start without it)
        application.addInitializers(new EarlyMigration());
        application.run(args);
    }
}
