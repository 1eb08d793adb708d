package cn.jifen.identity;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import java.io.Console;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Commands run as {@code java -jar jifen.jar <command> [--key=value ...]} without starting the web server.
 * <pre>
 * create-admin --county-code=441821 --county-name=佛冈县 --username=admin [--password=...]
 * </pre>
 */
public final class CommandLineTools {
    private CommandLineTools() { }

    public static int run(String[] args, Class<?> application) {
        String command = args[0];
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        if (!command.equals("create-admin")) {
            System.err.println("未知命令 / unknown command: " + command + "\n可用命令 / commands: create-admin");
            return 2;
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE).properties("jifen.demo=false", "spring.main.banner-mode=off",
                        "logging.level.root=WARN")
                .run()) {
            return createAdmin(ctx, opts);
        }
    }

    private static int createAdmin(ConfigurableApplicationContext ctx, Map<String, String> opts) {
        OrgUnits orgUnits = ctx.getBean(OrgUnits.class);
        Users users = ctx.getBean(Users.class);
        String username = opts.getOrDefault("username", "admin");
        String password = opts.get("password");
        if (password == null) {
            Console console = System.console();
            if (console == null) {
                System.err.println("请用 --password=... 给出密码 / give --password=...");
                return 2;
            }
            password = new String(console.readPassword("新管理员 %s 的密码（至少 8 位）: ", username));
        }
        try {
            OrgUnit county;
            if (orgUnits.isEmpty()) {
                String code = opts.get("county-code");
                String name = opts.get("county-name");
                if (code == null || name == null) {
                    System.err.println("数据库里还没有县，请同时给出 --county-code=... 和 --county-name=...");
                    return 2;
                }
                county = orgUnits.createCounty(Actor.system("/"), code, name);
            } else {
                county = orgUnits.tree(Actor.system("/")).get(0);
            }
            UserAccount admin = users.bootstrapCountyAdmin(username, opts.get("display-name"), password, county.id());
            System.out.println("已创建县级管理员 " + admin.username() + "（" + county.name() + "）。");
            return 0;
        } catch (InvalidInput e) {
            System.err.println("输入有误 / invalid input: " + e.problems().stream()
                    .map(p -> p.field() + " " + p.messageKey()).toList());
            return 1;
        }
    }
}
