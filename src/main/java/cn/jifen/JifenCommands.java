package cn.jifen;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Commands run as {@code java -jar jifen.jar <command> [--key=value ...]} without the web server:
 * <pre>
 * create-admin --county-code=441821 --county-name=佛冈县 --username=admin [--password=...]
 * verify [--village=441821100201] [--since=CHECKPOINT-FILE] [--checkpoint-out=FILE]
 * </pre>
 */
final class JifenCommands {
    private JifenCommands() { }

    static int run(String[] args) {
        String command = args[0];
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && a.contains("=")) {
                opts.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else if (a.startsWith("--") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                opts.put(a.substring(2), args[++i]); // --since FILE
            }
        }
        if (!command.equals("create-admin") && !command.equals("verify")) {
            System.err.println("未知命令 / unknown command: " + command + "\n可用命令 / commands: create-admin, verify");
            return 2;
        }
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(JifenApplication.class)
                .web(WebApplicationType.NONE)
                .run("--jifen.demo=false", "--spring.main.banner-mode=off", "--logging.level.root=WARN")) {
            return command.equals("verify") ? verify(ctx, opts) : createAdmin(ctx, opts);
        }
    }

    private static int verify(ConfigurableApplicationContext ctx, Map<String, String> opts) {
        Long villageId = null;
        if (opts.containsKey("village")) {
            villageId = ctx.getBean(OrgUnits.class).byCode(opts.get("village")).filter(OrgUnit::isVillage)
                    .map(OrgUnit::id).orElse(null);
            if (villageId == null) {
                System.err.println("没有这个村/社区编码：" + opts.get("village"));
                return 2;
            }
        }
        String since = null;
        if (opts.containsKey("since")) {
            try {
                since = Files.readString(Path.of(opts.get("since")));
            } catch (IOException e) {
                System.err.println("读不到检查点文件 / cannot read the checkpoint file: " + opts.get("since"));
                return 2;
            }
        }
        long start = System.nanoTime();
        VerifyReport r;
        try {
            r = since == null ? ctx.getBean(LedgerVerifier.class).verify(villageId)
                    : ctx.getBean(LedgerVerifier.class).verifySince(villageId, since);
        } catch (InvalidInput e) {
            e.problems().forEach(p -> System.err.println(ctx.getMessage(p.messageKey(), p.args(), p.messageKey(),
                    Locale.SIMPLIFIED_CHINESE)));
            return 2;
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (r.intact()) {
            System.out.printf("账本完好 / ledger intact: %d 条记录、%d 个存折账户已校验（%d ms）%s%n",
                    r.entriesChecked(), r.accountsChecked(), ms,
                    since == null ? "" : "；检查点之前的记录没有被删除或改写 / nothing before the checkpoint was removed or rewritten");
            System.out.println("检查点 / checkpoint（请保存在系统之外 / keep it outside the database）:");
            System.out.print(r.checkpoint());
            if (opts.containsKey("checkpoint-out")) {
                try {
                    Files.writeString(Path.of(opts.get("checkpoint-out")), r.checkpoint());
                } catch (IOException e) {
                    System.err.println("写不了检查点文件 / cannot write the checkpoint file: " + e.getMessage());
                    return 2;
                }
            }
            return 0;
        }
        System.out.printf("账本被篡改 / ledger BROKEN after %d entries: 记录 entry=%s 村 village_id=%s 户 household_id=%s：%s%n",
                r.entriesChecked(), r.firstBrokenEntry(), r.brokenVillageId(), r.brokenHouseholdId(), r.problem());
        return 1;
    }

    /** The create-admin command on a running context (package-visible so the go-live acceptance test runs the same code). */
    static int createAdmin(ApplicationContext ctx, Map<String, String> opts) {
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
            e.problems().forEach(p -> System.err.println(p.field() + "："
                    + ctx.getMessage(p.messageKey(), p.args(), p.messageKey(), Locale.SIMPLIFIED_CHINESE)));
            return 1;
        }
    }
}
