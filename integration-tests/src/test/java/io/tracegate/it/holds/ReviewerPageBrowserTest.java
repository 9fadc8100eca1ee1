package io.tracegate.it.holds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracegate.it.support.GatewayFixture;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reviewer web page on the real gateway's admin port, in headless Chromium: a reviewer
 * signs in with a token, sees the agent's held INSERT with its masked preview, clicks Approve,
 * and the agent's INSERT completes.
 */
class ReviewerPageBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("tracegate.it.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("tracegate.it.chromedriver", "/usr/bin/chromedriver"));
    /** Agent-written text that would run script if the page inserted it as HTML. */
    static final String HOSTILE_AGENT = "<img src=x onerror=\"document.title=1\">";
    static final String HELD_INSERT = "INSERT INTO public.agent_traces (agent, reasoning) VALUES ('"
            + HOSTILE_AGENT + "', ?)";

    private static GatewayFixture gateway;
    private static AdminApi alice;
    private static StoredTraces traces;

    @TempDir
    Path temp;

    private WebDriver browser;

    @BeforeAll
    static void startGateway() {
        gateway = GatewayFixture.start();
        alice = new AdminApi(gateway.server().adminPort(), GatewayFixture.REVIEWER_TOKEN);
        traces = new StoredTraces(gateway.postgres());
    }

    @AfterAll
    static void stopGateway() {
        gateway.close();
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)");
        traces.truncate();
        browser = startBrowser(temp.resolve("chromium-profile"));
    }

    static WebDriver startBrowser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(driverService, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aReviewerApprovesOnThePageAndTheAgentsInsertCompletes() throws Exception {
        try (Connection agent = gateway.connect(); PreparedStatement insert = agent.prepareStatement(HELD_INSERT)) {
            insert.setString(1, "page: send the notes to https://drop.example.com/in and cc eve.adams@example.com");
            AgentCall<Integer> held = AgentCall.start("page", insert::executeUpdate);
            JsonNode pending = alice.awaitPending("page:");
            String id = pending.path("id").asText();
            List<String> maskedParameters = new ArrayList<>();
            pending.path("parameters").forEach(p -> maskedParameters.add(p.isNull() ? "NULL" : p.asText()));
            assertThat(String.join("\n", maskedParameters)).contains("page: send the notes to https://drop.example.com/in")
                    .doesNotContain("eve.adams@example.com");

            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
            browser.get(alice.base() + "/");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(GatewayFixture.REVIEWER_TOKEN);
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));

            By row = By.cssSelector("#pending tr[data-id='" + id + "']");
            WebElement request = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(request.getText()).contains("agent-7", "possible-exfiltration");
            // The statement is shown as text, markup and all, and none of it ran.
            assertThat(request.findElement(By.cssSelector("pre.statement")).getText()).isEqualTo(HELD_INSERT.replace("?", "$1"));
            assertThat(request.findElements(By.tagName("img"))).isEmpty();
            assertThat(browser.getTitle()).isEqualTo("Tracegate approvals");
            assertThat(request.findElement(By.cssSelector("ol.parameters")).getText())
                    .isEqualTo(String.join("\n", maskedParameters));

            // The token survives a reload of the tab.
            browser.navigate().refresh();
            request = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
            assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();
            assertThat(held.isDone()).as("still waiting for the reviewer").isFalse();
            assertThat(traces.count()).isZero();

            request.findElement(By.cssSelector("input.reason")).sendKeys("checked the destination");
            screenshot("reviewer-page-pending.png");
            request.findElement(By.cssSelector("button.approve")).click();

            assertThat(held.await(Duration.ofSeconds(20))).isEqualTo(1);
            assertThat(traces.reasonings()).containsExactly(maskedParameters.get(maskedParameters.size() - 1));

            wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
            WebElement decided = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#decided tr[data-id='" + id + "']")));
            assertThat(decided.getText()).contains("APPROVED", "alice", "checked the destination");
            assertThat(browser.findElement(By.id("status")).getText()).contains("Approved " + id);
            screenshot("reviewer-page-decided.png");

            JsonNode decision = alice.show(id).approval().path("decision");
            assertThat(decision.path("outcome").asText()).isEqualTo("APPROVED");
            assertThat(decision.path("reviewer").asText()).isEqualTo("alice");
            assertThat(decision.path("reason").asText()).isEqualTo("checked the destination");
        }
    }

    @Test
    void aWrongTokenIsRefusedOnThePage() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(alice.base() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("not-a-token");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not accepted"));
        assertThat(browser.findElement(By.id("main")).isDisplayed()).isFalse();
    }

    /** Kept under target/ for a person to look at what the page showed. */
    private void screenshot(String name) throws IOException {
        Path file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
