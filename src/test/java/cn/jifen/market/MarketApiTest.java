package cn.jifen.market;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.documents.QrCodes;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** The supermarket API as a counter app uses it: bearer token, Idempotency-Key, Chinese errors, receipts. */
@IntegrationTest
class MarketApiTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Ledger ledger;

    private MarketFixture f;
    private String token;

    private void setUp() throws Exception {
        f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds, windows,
                ledger), 1);
        MvcResult r = mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + f.keeper.username() + "\",\"password\":\"Keeper-pass-2026\"}")).andReturn();
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        token = JsonPath.read(body(r), "$.token");
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private MvcResult call(String method, String path, String json, String key) throws Exception {
        var b = MockMvcRequestBuilders.request(HttpMethod.valueOf(method), path)
                .header("Authorization", "Bearer " + token);
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        if (json != null) {
            b.contentType(MediaType.APPLICATION_JSON).content(json.getBytes(StandardCharsets.UTF_8));
        }
        return mvc.perform(b).andReturn();
    }

    private String sm() {
        return f.v() + "/" + f.supermarketId;
    }

    @Test
    void aRetriedConfirmReturnsTheFirstRedemptionWith200AndDebitsOnce() throws Exception {
        setUp();
        f.earn(0, 100);
        Product p = f.product("香皂", 8, 10, "3.50");
        String basket = "{\"passbookNumber\":\"" + f.number(0) + "\",\"items\":[{\"productId\":" + p.id() + ",\"quantity\":2}]}";

        MvcResult first = call("POST", "/api/v1/supermarkets/" + sm() + "/redemptions", basket, "tap-1");
        MvcResult again = call("POST", "/api/v1/supermarkets/" + sm() + "/redemptions", basket, "tap-1");

        assertThat(first.getResponse().getStatus()).as(body(first)).isEqualTo(201);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(body(again), "$.id")).isEqualTo(JsonPath.read(body(first), "$.id"));
        assertThat((Boolean) JsonPath.read(body(again), "$.replayed")).isTrue();
        assertThat((Integer) JsonPath.read(body(first), "$.balanceAfter")).isEqualTo(84);
        assertThat(f.balance(0)).isEqualTo(84);
        assertThat(f.stock(p.id())).isEqualTo(8);
    }

    @Test
    void theCounterFindsThePassbookAndSaysWhetherItMayRedeem() throws Exception {
        setUp();
        f.earn(0, 42);
        MvcResult r = call("GET", "/api/v1/supermarkets/" + sm() + "/passbooks/" + f.number(0), null, null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(body(r), "$.available")).isEqualTo(42);
        assertThat((Boolean) JsonPath.read(body(r), "$.open")).isTrue();
        assertThat((String) JsonPath.read(body(r), "$.headName")).isEqualTo("户主1");
        MvcResult missing = call("GET", "/api/v1/supermarkets/" + sm() + "/passbooks/" + f.village.code() + "-9999", null, null);
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat((String) JsonPath.read(body(missing), "$.detail")).contains("没有找到这本积分存折");
    }

    @Test
    void badInputIsAnsweredInChineseNamingTheFieldAndChangesNothing() throws Exception {
        setUp();
        f.earn(0, 100);
        Product p = f.product("香皂", 8, 10, null);
        String path = "/api/v1/supermarkets/" + sm() + "/redemptions";

        MvcResult fractional = call("POST", path, "{\"passbookNumber\":\"" + f.number(0) + "\",\"items\":[{\"productId\":"
                + p.id() + ",\"quantity\":1.5}]}", "k-frac");
        MvcResult negative = call("POST", path, "{\"passbookNumber\":\"" + f.number(0) + "\",\"items\":[{\"productId\":"
                + p.id() + ",\"quantity\":-2}]}", "k-neg");
        MvcResult noKey = call("POST", path, "{\"passbookNumber\":\"" + f.number(0) + "\",\"items\":[{\"productId\":"
                + p.id() + ",\"quantity\":1}]}", null);
        MvcResult tooMuch = call("POST", path, "{\"passbookNumber\":\"" + f.number(0) + "\",\"items\":[{\"productId\":"
                + p.id() + ",\"quantity\":11}]}", "k-much");

        assertThat(fractional.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(fractional)).contains("items[0].quantity");
        assertThat(negative.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) JsonPath.read(body(negative), "$.detail")).contains("数量").contains("1 到 999");
        assertThat(noKey.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) JsonPath.read(body(noKey), "$.detail")).contains("幂等键");
        assertThat(tooMuch.getResponse().getStatus()).isEqualTo(409);
        assertThat((String) JsonPath.read(body(tooMuch), "$.detail")).startsWith("库存不足：「香皂」只剩 10 件");
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(f.stock(p.id())).isEqualTo(10);
    }

    @Test
    void theReceiptIsAnEightyMillimetreTicketOrAnA5Pdf() throws Exception {
        setUp();
        f.earn(0, 100);
        Product p = f.product("香皂", 8, 10, null);
        MvcResult r = call("POST", "/api/v1/supermarkets/" + sm() + "/redemptions", "{\"passbookNumber\":\""
                + f.number(0) + "\",\"items\":[{\"productId\":" + p.id() + ",\"quantity\":1}]}", "k-receipt");
        String id = f.v() + "/" + JsonPath.read(body(r), "$.id");

        for (String format : new String[] {"ticket", "a5"}) {
            MvcResult pdf = call("GET", "/api/v1/redemptions/" + id + "/receipt.pdf?format=" + format, null, null);
            assertThat(pdf.getResponse().getStatus()).isEqualTo(200);
            assertThat(pdf.getResponse().getContentType()).isEqualTo("application/pdf");
            byte[] bytes = pdf.getResponse().getContentAsByteArray();
            assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("%PDF");
            var reader = new PdfReader(bytes);
            float widthMm = reader.getPageSize(1).getWidth() / 72f * 25.4f;
            assertThat(widthMm).isCloseTo(format.equals("a5") ? 148f : 80f, Offset.offset(1f));
            String text = new PdfTextExtractor(reader).getTextFromPage(1);
            assertThat(text).contains("香皂").contains("兑换后可用积分").contains("92");
            reader.close();
        }
    }

    @Test
    void aCounterAppTopsUpWithCashOnceTheVillageAllowsIt() throws Exception {
        setUp();
        f.earn(0, 50);
        Product p = f.product("花生油", 80, 5, "25.60");
        String basket = "{\"passbookNumber\":\"" + f.number(0) + "\",\"items\":[{\"productId\":" + p.id()
                + ",\"quantity\":1}],\"cashYuan\":9.60}";
        MvcResult refused = call("POST", "/api/v1/supermarkets/" + sm() + "/redemptions", basket, "cash-1");
        assertThat(refused.getResponse().getStatus()).isEqualTo(409);
        assertThat((String) JsonPath.read(body(refused), "$.detail")).contains("补差价");
        windows.setAllowCashTopUp(f.admin, f.village.code(), true);

        MvcResult r = call("POST", "/api/v1/supermarkets/" + sm() + "/redemptions", basket, "cash-2");

        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        assertThat((Integer) JsonPath.read(body(r), "$.points")).isEqualTo(50);
        assertThat((Double) JsonPath.read(body(r), "$.cashYuan")).isEqualTo(9.6);
        assertThat(f.balance(0)).isZero();
    }

    @Test
    void aVillagerReservesFromThePhoneAndTheKeeperHandsItOver() throws Exception {
        setUp();
        f.earn(0, 100);
        Product p = f.product("毛巾", 15, 5, null);
        users.createUnchecked(f.number(0), "户主1", "Villager-2026", Role.VILLAGER, f.v(), f.h(0).id(),
                null, false);
        String keeperToken = token;
        MvcResult t = mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + f.number(0) + "\",\"password\":\"Villager-2026\"}")).andReturn();
        token = JsonPath.read(body(t), "$.token");

        MvcResult reserved = call("POST", "/api/v1/supermarkets/" + sm() + "/reservations",
                "{\"items\":[{\"productId\":" + p.id() + ",\"quantity\":2}]}", "r-1");
        assertThat(reserved.getResponse().getStatus()).as(body(reserved)).isEqualTo(201);
        assertThat((String) JsonPath.read(body(reserved), "$.status")).isEqualTo("HELD");
        MvcResult mine = call("GET", "/api/v1/me/reservations", null, null);
        assertThat((Integer) JsonPath.read(body(mine), "$.items.length()")).isEqualTo(1);
        assertThat(((Number) JsonPath.read(body(mine), "$.total")).longValue()).isEqualTo(1);
        assertThat(f.balance(0)).isEqualTo(100);
        assertThat(f.stock(p.id())).isEqualTo(3);

        token = keeperToken;
        MvcResult collected = call("POST", "/api/v1/reservations/" + f.v() + "/" + JsonPath.read(body(reserved), "$.id")
                + "/collect", null, null);
        assertThat(collected.getResponse().getStatus()).as(body(collected)).isEqualTo(200);
        assertThat((Integer) JsonPath.read(body(collected), "$.points")).isEqualTo(30);
        assertThat(f.balance(0)).isEqualTo(70);
        assertThat(f.stock(p.id())).isEqualTo(3);
    }

    @Test
    void aProductPhotoIsShownOnThePublicPageWithoutLogin() throws Exception {
        setUp();
        Product p = f.product("毛巾", 15, 5, null);
        byte[] png = QrCodes.png("毛巾", 64);
        Assertions.assertThatThrownBy(() -> goods.setPhoto(f.admin, f.v(), p.id(), new byte[] {1, 2, 3}))
                .isInstanceOf(InvalidInput.class);
        goods.setPhoto(f.admin, f.v(), p.id(), png);

        MvcResult photo = mvc.perform(MockMvcRequestBuilders.get("/market/" + f.village.code() + "/products/" + f.v() + "/"
                + p.id() + "/photo")).andReturn();
        MvcResult page = mvc.perform(MockMvcRequestBuilders.get("/market/" + f.village.code())).andReturn();

        assertThat(photo.getResponse().getStatus()).isEqualTo(200);
        assertThat(photo.getResponse().getContentType()).isEqualTo("image/png");
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(page)).contains("毛巾").contains("/photo");
    }
}
