package cn.jifen.browser;

import cn.jifen.support.Db;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A browser journey on a 360 px phone against the running application: opens the phone before each test and,
 * after it, saves a screenshot named for the journey and the last step reached (so a failure shows where it
 * stopped) and closes the browser. A subclass carries the Spring test annotations and says its journey's name.
 */
public abstract class PhoneJourney extends Db {
    @LocalServerPort protected int port;

    protected Browser browser;
    protected ChromeDriver driver;
    protected WebDriverWait wait;
    /** The step under way, for the last screenshot's name. */
    protected String step = "start";

    /** The prefix of the last screenshot: {@code <journeyName>-last-<step>}. */
    protected abstract String journeyName();

    @BeforeEach
    void openPhone() throws Exception {
        browser = Browser.phone().at(port);
        driver = browser.driver;
        wait = browser.wait;
        wait.ignoring(StaleElementReferenceException.class);
        // An element htmx replaces while a condition reads it is usually reported as stale, but sometimes as
        // "unknown error: Node with given id does not belong to the document", a plain WebDriverException (seen in
        // MeetingsBrowserJourneyTest on H2). Read again until the wait's timeout, which still fails with the last one.
        wait.ignoring(WebDriverException.class);
    }

    @AfterEach
    void closePhone() {
        if (browser != null) {
            browser.screenshot(journeyName() + "-last-" + step);
            browser.close();
        }
    }
}
