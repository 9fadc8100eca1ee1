package io.tracegate.it.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tracegate.policy.Identity;
import io.tracegate.policy.config.IdentityConfig;
import io.tracegate.proxy.approval.ApprovalDecision;
import io.tracegate.proxy.approval.ApprovalRequest;
import io.tracegate.proxy.approval.ApprovalService;
import io.tracegate.proxy.approval.PendingApproval;
import io.tracegate.proxy.approval.http.ApprovalHttp;
import io.tracegate.proxy.session.Identities;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
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
 * The reviewer web page in headless Chromium: sign in with a token, see the pending request with
 * its masked preview, click Approve, and the held request completes as approved.
 */
class ReviewerPageBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("tracegate.it.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("tracegate.it.chromedriver", "/usr/bin/chromedriver"));
    static final String TOKEN = "alice-review-token";
    /** Agent-written text that would run script if the page inserted it as HTML. */
    static final String HOSTILE_STATEMENT = "INSERT INTO public.agent_traces (reasoning) VALUES "
            + "('<img src=x onerror=\"document.title=1\"> <URL>')";

    @TempDir
    Path temp;

    private ApprovalService service;
    private AdminStandIn admin;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)");
        service = ApprovalService.builder().dataDir(temp.resolve("data")).build();
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(TOKEN.getBytes(StandardCharsets.UTF_8)));
        Identities identities = new Identities(List.of(
                new IdentityConfig("alice", Set.of("reviewer"), Optional.empty(), Optional.of(hash))));
        admin = new AdminStandIn(new ApprovalHttp(service, identities, Set.of("reviewer"), Clock.systemUTC()));
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
        if (admin != null) {
            admin.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aReviewerApprovesAPendingRequestOnThePage() throws Exception {
        PendingApproval pending = service.submit(new ApprovalRequest("s-1", new Identity("agent-7", Set.of("agent")),
                "possible-exfiltration", Set.of("reviewer"), Duration.ofMinutes(10), HOSTILE_STATEMENT,
                List.of("<EMAIL>"), "127.0.0.1:5000"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        browser.get(admin.uri().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(TOKEN);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));

        By row = By.cssSelector("#pending tr[data-id='" + pending.id() + "']");
        WebElement request = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(request.getText()).contains("agent-7", "possible-exfiltration");
        // The masked statement is shown as text, markup and all, and none of it ran.
        assertThat(request.findElement(By.cssSelector("pre.statement")).getText()).isEqualTo(HOSTILE_STATEMENT);
        assertThat(request.findElements(By.tagName("img"))).isEmpty();
        assertThat(browser.getTitle()).isEqualTo("Tracegate approvals");
        assertThat(request.findElement(By.cssSelector("ol.parameters")).getText()).isEqualTo("<EMAIL>");

        // The token survives a reload of the tab.
        browser.navigate().refresh();
        request = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(browser.findElement(By.id("signin")).isDisplayed()).isFalse();

        request.findElement(By.cssSelector("input.reason")).sendKeys("checked the destination");
        screenshot("reviewer-page-pending.png");
        request.findElement(By.cssSelector("button.approve")).click();

        ApprovalDecision decision = pending.decision().toCompletableFuture().get(15, TimeUnit.SECONDS);
        assertThat(decision.outcome()).isEqualTo(ApprovalDecision.Outcome.APPROVED);
        assertThat(decision.reviewer()).isEqualTo("alice");
        assertThat(decision.reason()).isEqualTo("checked the destination");

        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        WebElement decided = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#decided tr[data-id='" + pending.id() + "']")));
        assertThat(decided.getText()).contains("APPROVED", "alice", "checked the destination");
        assertThat(browser.findElement(By.id("status")).getText()).contains("Approved " + pending.id());
        screenshot("reviewer-page-decided.png");
    }

    /** Kept under target/ for a person to look at what the page showed. */
    private void screenshot(String name) throws java.io.IOException {
        Path file = Path.of("target", name);
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void aWrongTokenIsRefusedOnThePage() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        browser.get(admin.uri().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("not-a-token");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "not accepted"));
        assertThat(browser.findElement(By.id("main")).isDisplayed()).isFalse();
    }
}
