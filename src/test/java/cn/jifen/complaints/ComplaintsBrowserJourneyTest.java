package cn.jifen.complaints;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.browser.Browser;
import cn.jifen.browser.PhoneJourney;
import cn.jifen.support.TestDatabase;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * Complaints on a 360 px phone: a villager of 龙南村 files a complaint with a photo, anonymously; the village admin
 * sees it in the queue as "匿名" with the photo and answers it publicly; the villager reads the answer and rates it;
 * the village board shows the public answer. Screenshots in target/screenshots/complaints-*.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import(TestDatabase.class)
class ComplaintsBrowserJourneyTest extends PhoneJourney {
    static final String VILLAGE = "441821100201";
    static final String VILLAGER = VILLAGE + "-0001";

    @Override
    protected String journeyName() {
        return "complaints";
    }

    private static Path photo() throws Exception {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x44, 0x66, 0x99));
        g.fillRect(0, 0, 320, 240);
        g.setColor(Color.DARK_GRAY);
        g.fillRect(40, 120, 240, 40);
        g.dispose();
        Path file = Files.createTempFile("complaint-", ".png");
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void aVillagerFilesWithAPhotoTheVillageAnswersAndTheVillagerRates() throws Exception {
        String text = "浏览器测试：村道积水没人管 " + System.nanoTime() % 100000;
        String answer = "已安排疏通排水沟 " + System.nanoTime() % 1000;

        step = "file";
        browser.logIn(VILLAGER, "123456");
        browser.get("/me/complaints");
        browser.click(By.id("kind-COMPLAINT"));
        browser.type(By.id("complaint-body"), text);
        browser.click(By.id("complaint-anonymous"));
        driver.findElement(By.id("complaint-photos")).sendKeys(photo().toAbsolutePath().toString());
        browser.click(By.id("complaint-submit"));
        wait.until(d -> d.findElement(By.id("notice")).isDisplayed());
        assertThat(browser.text(By.id("me-complaints"))).contains(text).contains("待答复");
        browser.assertNoHorizontalScroll();
        browser.screenshot("complaints-filed");

        step = "answer";
        browser.logIn("demo-village", "demo-village");
        browser.get("/console/complaints");
        WebElement card = driver.findElements(By.cssSelector(".complaint")).stream()
                .filter(e -> e.getText().contains(text)).findFirst().orElseThrow();
        String id = card.getDomAttribute("id").replace("complaint-", "");
        assertThat(browser.text(By.cssSelector("#complaint-" + id + " .filer"))).contains("匿名");
        Object loaded = browser.js("const i = document.querySelector('#complaint-" + id + " .photos img');"
                + " return i != null && i.complete && i.naturalWidth > 0;");
        assertThat(loaded).as("the photo shows on the village admin's page").isEqualTo(true);
        browser.type(By.id("reply-" + id), answer);
        browser.click(By.id("public-" + id));
        browser.click(By.cssSelector("#complaint-" + id + " button.answer-submit"));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains("已答复"));
        assertThat(browser.text(By.id("complaint-" + id))).contains(answer).contains("公开答复");
        browser.assertNoHorizontalScroll();
        browser.screenshot("complaints-answered");

        step = "rate";
        browser.logIn(VILLAGER, "123456");
        browser.get("/me/complaints");
        assertThat(browser.text(By.id("complaint-" + id))).contains(answer);
        browser.click(By.id("rating-" + id + "-4"));
        browser.type(By.id("comment-" + id), "处理及时");
        browser.click(By.cssSelector("#complaint-" + id + " button.rate-submit"));
        wait.until(d -> d.findElement(By.id("notice")).getText().contains("谢谢"));
        assertThat(browser.text(By.id("complaint-" + id))).contains("4 ★").contains("已评价");
        assertThat(driver.findElements(By.cssSelector("#complaint-" + id + " form.rate"))).isEmpty();
        browser.assertNoHorizontalScroll();
        browser.screenshot("complaints-rated");

        step = "board";
        browser.get("/board/" + VILLAGE);
        wait.until(d -> !d.findElements(By.id("board-complaints")).isEmpty());
        assertThat(browser.text(By.id("board-complaints"))).contains(answer).contains(text);
        browser.assertNoHorizontalScroll();
        step = "done";
    }
}
