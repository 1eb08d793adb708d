import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets up a freshly started Jifen with the demo county for bench/h2/run.sh, through the API only (so H2 and
 * PostgreSQL get exactly the same): every village's supermarket open every day, one plentiful product bought from a
 * funded village fund, HOUSEHOLDS households per village with 100,000 points; then writes the request files
 * bench/lib/OpenLoad.java reads (tab-separated METHOD PATH TOKEN BODY):
 * <pre>
 *   redeem.tsv   one-product counter redemptions, one line per (supermarket, household)
 *   lookup.tsv   the counter's passbook lookup (authenticated GET), the same households
 *   post.tsv     a 1-point EARN posting through the API to each of those households
 * </pre>
 * java bench/h2/Setup.java URL DIR [HOUSEHOLDS (30)]
 */
public class Setup {
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).build();
    static final Pattern SUPERMARKET = Pattern.compile(
            "\\{\"id\":(\\d+),\"villageId\":(\\d+),\"villageCode\":\"(\\d+)\"[^{}]*?\"active\":(true|false)");
    static final Pattern HOUSEHOLD = Pattern.compile(
            "\\{\"villageId\":(\\d+),\"id\":(\\d+),[^{}]*?\"passbookNumber\":\"([^\"]+)\"");
    static String base;

    public static void main(String[] a) throws Exception {
        base = a[0];
        Path dir = Path.of(a[1]);
        int households = a.length > 2 ? Integer.parseInt(a[2]) : 30;
        String admin = field(ok("POST", "/api/v1/tokens", null, "{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}", 201), "token");
        String run = Long.toString(System.currentTimeMillis() % 100_000);   // fund names are unique per village: a rerun gets new ones
        List<String> redeem = new ArrayList<>();
        List<String> lookup = new ArrayList<>();
        List<String> post = new ArrayList<>();
        Matcher s = SUPERMARKET.matcher(ok("GET", "/api/v1/supermarkets", admin, null, 200));
        int shops = 0;
        while (s.find()) {
            if (!s.group(4).equals("true")) {
                continue;
            }
            long shop = Long.parseLong(s.group(1));
            long village = Long.parseLong(s.group(2));
            String code = s.group(3);
            String counter = "/api/v1/supermarkets/" + village + "/" + shop;
            ok("PUT", "/api/v1/villages/" + code + "/market-settings", admin, "{\"openEveryDay\":true}", 200);
            long fund = id(ok("POST", "/api/v1/villages/" + code + "/funds", admin, "{\"name\":\"H2对比测试资金" + run + "\",\"kind\":\"OTHER\"}", 201));
            ok("POST", "/api/v1/villages/" + code + "/funds/" + fund + "/contributions", admin, "{\"amountYuan\":1000000}", 201);
            long product = id(ok("POST", counter + "/products", admin,
                    "{\"name\":\"H2对比测试物品" + run + "\",\"unit\":\"件\",\"points\":1,\"referenceYuan\":1.00}", 201));
            ok("POST", "/api/v1/products/" + village + "/" + product + "/purchases", admin,
                    "{\"quantity\":100000,\"costYuan\":1000,\"supplier\":\"H2对比测试\",\"fundId\":" + fund + "}", 201);
            Matcher h = HOUSEHOLD.matcher(ok("GET", "/api/v1/villages/" + code + "/households?size=" + households, admin, null, 200));
            while (h.find()) {
                String household = "/api/v1/households/" + h.group(1) + "/" + h.group(2);
                String book = h.group(3);
                ok("POST", household + "/postings", admin, "{\"kind\":\"EARN\",\"points\":100000,\"itemLabel\":\"H2对比测试预存\"}", 201);
                redeem.add(String.join("\t", "POST", counter + "/redemptions", admin,
                        "{\"passbookNumber\":\"" + book + "\",\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}"));
                lookup.add(String.join("\t", "GET", counter + "/passbooks/" + book, admin, "-"));
                post.add(String.join("\t", "POST", household + "/postings", admin,
                        "{\"kind\":\"EARN\",\"points\":1,\"itemLabel\":\"H2对比测试记账\"}"));
            }
            shops++;
        }
        if (redeem.isEmpty()) {
            throw new IllegalStateException("no open supermarket with households: is the demo county loaded?");
        }
        Files.write(dir.resolve("redeem.tsv"), redeem, StandardCharsets.UTF_8);
        Files.write(dir.resolve("lookup.tsv"), lookup, StandardCharsets.UTF_8);
        Files.write(dir.resolve("post.tsv"), post, StandardCharsets.UTF_8);
        System.out.println("setup supermarkets=" + shops + " households=" + redeem.size());
    }

    static String ok(String method, String path, String token, String json, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static long id(String json) {
        return Long.parseLong(field(json, "id"));
    }
}
