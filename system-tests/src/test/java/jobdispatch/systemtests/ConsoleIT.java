package jobdispatch.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import jobdispatch.testing.JsonHttp;
import jobdispatch.testing.TestServers;

/**
 * The console in a real headless Chromium (Debian's, through its chromedriver): counts and the
 * jobs table follow new jobs without a reload, a failed job is retried from its page with the
 * keyboard, workers are listed, and the browser logs no error. Screenshots go to
 * target/screenshots/ for review.
 */
@ExtendWith(TestServers.Start.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final Duration WAIT = Duration.ofSeconds(30);
    static SystemUnderTest system;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() {
        system = SystemUnderTest.start("console", Map.of("worker.id", "console-worker", "worker.heartbeat.ms", "1000"));
        browser = Browsers.headlessChromium();
        wait = new WebDriverWait(browser, WAIT);
        // the console re-renders what it shows as events arrive: an element found a moment ago
        // may have been replaced by the time it is read, which is no failure of the page
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
    }

    static void open(String fragment) {
        browser.get(system.micro.baseUri().resolve("console/") + fragment);
        wait.until(ExpectedConditions.textToBe(By.id("live"), "live"));
    }

    static String submit(JsonObject job) {
        JsonHttp.Response created = system.http.post("api/job", job);
        assertEquals(201, created.status(), created.body());
        return created.json().getString("id");
    }

    /** Read in one script, so a re-render between finding the count and reading it cannot go stale. */
    static long count(String status) {
        Object text = browser.executeScript(
                "const n = document.querySelector(arguments[0]); return n ? n.textContent.trim() : null;",
                "[data-status='" + status + "'] .n");
        assertTrue(text instanceof String, "no count shown for " + status);
        return Long.parseLong((String) text);
    }

    static void screenshot(String name) throws IOException {
        Path dir = Paths.get(System.getProperty("jobs.target", "target"), "screenshots");
        Files.createDirectories(dir);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(1)
    void overviewCountsFollowNewJobsWithoutAReload() throws IOException {
        open("#/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-status='complete'] .n")));
        long before = count("complete");
        for (int i = 0; i < 3; i++) {
            submit(Json.createObjectBuilder().add("type", "echo").add("payload", Json.createObjectBuilder().add("i", i)).build());
        }
        wait.until(driver -> count("complete") == before + 3);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("nsq"), "worker"));
        // the chart draws this minute's completions as a bar
        wait.until(driver -> Boolean.TRUE.equals(browser.executeScript(
                "return Array.from(document.querySelectorAll('#chart rect')).some(bar => parseFloat(bar.getAttribute('height')) > 0)")));
        screenshot("overview.png");
    }

    @Test
    @Order(2)
    void jobsTableShowsNewJobsAsTheyArrive() {
        String type = "console" + System.nanoTime();
        open("#/jobs?type=" + type);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("rows"), "No jobs."));
        String first = submit(Json.createObjectBuilder().add("type", type).build());
        String second = submit(Json.createObjectBuilder().add("type", type).build());

        wait.until(driver -> browser.findElements(By.cssSelector("#rows tr[data-id]")).size() == 2);
        // read in one script: a row re-rendered as its job turns failed would go stale between steps
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) browser.executeScript(
                "return Array.from(document.querySelectorAll('#rows tr[data-id]'), row => row.dataset.id)");
        assertEquals(List.of(second, first), ids, "newest first");
        // no worker handles this type: the row turns failed as it happens
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-id='" + second + "']"), "failed"));
    }

    @Test
    @Order(3)
    void failedJobIsRetriedFromItsPageWithTheKeyboard() throws IOException {
        // fails its first attempt (its only one), succeeds on the retry
        String id = submit(Json.createObjectBuilder().add("type", "fail").add("maxAttempts", 1)
                .add("payload", Json.createObjectBuilder().add("times", 1).add("message", "smtp down")).build());
        system.awaitStatus(id, "failed", WAIT);
        open("#/jobs/" + id);
        wait.until(ExpectedConditions.textToBe(By.id("job-status"), "failed"));
        assertEquals("smtp down", browser.findElement(By.id("job-error")).getText());
        assertTrue(browser.findElement(By.id("do-cancel")).getAttribute("disabled") != null, "a failed job cannot be cancelled");

        WebElement retry = browser.findElement(By.id("do-retry"));
        retry.sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        // the dialog opens on "Keep it"; Tab moves to "Yes", Enter confirms
        new Actions(browser).sendKeys(Keys.TAB).sendKeys(Keys.ENTER).perform();

        wait.until(ExpectedConditions.textToBe(By.id("job-status"), "complete"));
        assertTrue(browser.findElement(By.id("job-result")).getText().contains("\"attempt\": 2"));
        screenshot("job-detail.png");
    }

    @Test
    @Order(4)
    void workersAreListedWithTheirHeartbeat() throws IOException {
        open("#/workers");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-worker='console-worker']"), "alive"));
        screenshot("workers.png");
    }

    @Test
    @Order(5)
    void theBrowserLoggedNoError() {
        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), errors);
    }
}
