package cn.jifen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The menu at the top of every page: grouped (at most six groups), and every link in it opens for the
 * role that sees it — a grid worker or a keeper is not offered pages that only refuse them.
 */
@IntegrationTest
class MenuTest extends SecuritySupport {
    private static final Pattern NAV = Pattern.compile("<nav class=\"menu\"[^>]*>(.*?)</nav>", Pattern.DOTALL);
    private static final Pattern LINK = Pattern.compile("<a [^>]*href=\"([^\"]+)\"");
    private static final Pattern GROUP = Pattern.compile("<details class=\"menu-group\"");

    private String menuOf(MockHttpSession session, String home) {
        MvcResult r = perform(get(home).session(session));
        assertEquals(200, r.getResponse().getStatus(), () -> home + " → " + r.getResponse().getStatus());
        Matcher m = NAV.matcher(body(r));
        assertTrue(m.find(), "the page has a menu");
        return m.group(1);
    }

    private static List<String> links(String menu) {
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(menu);
        while (m.find()) {
            String href = m.group(1).replace("&amp;", "&");
            if (!href.contains("lang=")) {
                out.add(href);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Who.class, names = {"COUNTY_ADMIN", "TOWN_ADMIN", "VILLAGE_ADMIN", "GRID_WORKER", "KEEPER",
            "AUDITOR", "VILLAGER"})
    void everyMenuLinkOpensForTheRoleThatSeesIt(Who who) {
        MockHttpSession s = session(who.login, who.password);
        String menu = menuOf(s, who == Who.VILLAGER ? "/me" : "/console");
        List<String> links = links(menu);
        assertFalse(links.isEmpty());
        List<String> refused = new ArrayList<>();
        for (String href : links) {
            MvcResult r = perform(get(href).session(s));
            int status = r.getResponse().getStatus();
            String to = r.getResponse().getRedirectedUrl();
            if (status == 302 && to != null && !to.contains("/login")) {
                // a section's entry may forward a village role to its own village (农户 → 本村农户)
                status = perform(get(to).session(s)).getResponse().getStatus();
            }
            if (status != 200) {
                refused.add(href + " → " + status);
            }
        }
        assertEquals(List.of(), refused, who + " is offered links that do not open");
    }

    @ParameterizedTest
    @EnumSource(value = Who.class, names = {"COUNTY_ADMIN", "VILLAGE_ADMIN", "GRID_WORKER", "KEEPER", "VILLAGER"})
    void theMenuHasAtMostSixGroups(Who who) {
        MockHttpSession s = session(who.login, who.password);
        String menu = menuOf(s, who == Who.VILLAGER ? "/me" : "/console");
        long groups = GROUP.matcher(menu).results().count();
        assertTrue(groups <= 6, who + " sees " + groups + " menu groups");
        // Loose links outside a group: only the home link and the account's own (password, language, log out).
        String outside = menu.replaceAll("(?s)<details class=\"menu-group.*?</details>", "");
        assertTrue(links(outside).size() <= 2, who + " sees loose links " + links(outside));
    }

    /**
     * 民主评议 is offered to a villager whose household has a party member (or a representative), 信息员报告 to one
     * whose household has or had an informant: the demo villager's household with its party members flagged off
     * and on again.
     */
    @Test
    void aVillagerIsOfferedTheReviewAndTheInformantReportsOnlyWhenTheirHouseholdTakesPart() {
        long householdId = jdbc.sql("SELECT household_id FROM app_user WHERE username = :u").param("u", Who.VILLAGER.login)
                .query(Long.class).single();
        List<Long> members = jdbc.sql("SELECT id FROM resident WHERE household_id = :h AND party_member = TRUE")
                .param("h", householdId).query(Long.class).list();
        long representatives = count("SELECT COUNT(*) FROM party_representative p JOIN resident r ON r.id = p.resident_id"
                + " AND r.village_id = p.village_id WHERE r.household_id = " + householdId);
        long informants = count("SELECT COUNT(*) FROM informant WHERE household_id = " + householdId);
        MockHttpSession s = session(Who.VILLAGER.login, Who.VILLAGER.password);
        try {
            jdbc.sql("UPDATE resident SET party_member = FALSE WHERE household_id = :h").param("h", householdId).update();
            List<String> without = links(menuOf(s, "/me"));
            assertEquals(representatives > 0, without.contains("/me/party"), () -> "no party member: " + without);
            assertEquals(informants > 0, without.contains("/me/reports"), () -> "informants " + informants + ": " + without);

            jdbc.sql("UPDATE resident SET party_member = TRUE WHERE household_id = :h AND is_head = TRUE")
                    .param("h", householdId).update();
            assertTrue(links(menuOf(s, "/me")).contains("/me/party"), "the head is a party member");
        } finally {
            jdbc.sql("UPDATE resident SET party_member = FALSE WHERE household_id = :h").param("h", householdId).update();
            if (!members.isEmpty()) {
                jdbc.sql("UPDATE resident SET party_member = TRUE WHERE id IN (:ids)").param("ids", members).update();
            }
        }
    }
}
