package io.warren.it.mgmt;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.pagefactory.ByChained;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The web UI in headless Chromium: log in with the form, see a queue an AMQP client declared, publish a message
 * and get it back through the queue page; screenshots go to {@code it-tests/target/}. The queue and exchange
 * pages draw the broker's history at once; a policy is set (after an invalid one is refused), shows on its queue
 * and is deleted on the Policies tab of the Admin page. Skips when Chromium or chromedriver is missing, except under
 * CI=true.
 */
class ManagementUiIT {
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    private static WebDriver driver;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws Exception {
        if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
            String msg = "Chromium or chromedriver missing (" + CHROMIUM + ", " + CHROMEDRIVER + "): install Debian's "
                    + "'chromium' and 'chromium-driver' to run the browser test";
            if ("true".equals(System.getenv("CI"))) {
                fail(msg + " (required under CI=true)");
            }
            Assumptions.abort(msg);
        }
        profile = Files.createTempDirectory("warren-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The management port of the class's broker, and a 20 s wait on the browser, for every test. */
    private int port;
    private WebDriverWait wait;

    @BeforeEach
    void openPage() {
        port = broker.broker().extension(ManagementServer.class).port();
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @Test
    void loginSeeQueuePublishAndGetThroughTheUi() throws Exception {
        driver.get("http://127.0.0.1:" + port + "/");

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-user"))).sendKeys("guest");
        driver.findElement(By.id("login-pass")).sendKeys("wrong");
        driver.findElement(By.id("login-btn")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "Login failed"));
        driver.findElement(By.id("login-user")).clear();
        driver.findElement(By.id("login-user")).sendKeys("guest");
        driver.findElement(By.id("login-pass")).clear();
        driver.findElement(By.id("login-pass")).sendKeys("guest");
        driver.findElement(By.id("login-btn")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        String cluster = (String) new MgmtClient(port, "guest", "guest").getObject("/api/cluster-name").get("name");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), " · cluster " + cluster));

        String queue = "ui-" + System.nanoTime();
        try (Connection c = ManagementApiIT.amqp(broker.port(), "guest", "guest", "/")) {
            c.createChannel().queueDeclare(queue, true, false, false, null);
        }
        driver.get("http://127.0.0.1:" + port + "/#/queues");
        By row = By.cssSelector("tr[data-name='" + queue + "'] a");
        wait.until(ExpectedConditions.elementToBeClickable(row)).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("publish-payload")))
                .sendKeys("hello from the UI");
        driver.findElement(By.id("publish-btn")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("publish-result"), "Message published."));

        driver.findElement(By.id("get-btn")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("get-results"), "hello from the UI"));
        assertTrue(driver.findElement(By.id("get-results")).getText().contains("routing key " + queue));

        assertTrue(Files.size(screenshot("mgmt-ui-queue.png")) > 0);
    }

    private static Path screenshot(String name) throws Exception {
        File shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Test
    void queueAndExchangePagesDrawTheBrokersHistoryAsSoonAsTheyOpen() throws Exception {
        ManagementServer mgmt = broker.broker().extension(ManagementServer.class);
        logInAsGuest(wait, port);
        String queue = "ui-history-" + System.nanoTime();
        try (Connection c = ManagementApiIT.amqp(broker.port(), "guest", "guest", "/")) {
            Channel ch = c.createChannel();
            ch.queueDeclare(queue, false, false, false, null);
            ch.confirmSelect();
            for (int i = 0; i < 3; i++) {
                ch.basicPublish("", queue, null, new byte[] {(byte) i});
            }
            ch.waitForConfirmsOrDie(10_000);
            ManagementApiIT.eventually("3 messages", () -> messages(ch, queue) == 3);
        }
        // Two samples on either side of a 5-second boundary: the queue then has two points of history, which a
        // page polling by itself could only have after staying open for a while.
        mgmt.admin().sampleRatesNow();
        long boundary = (System.currentTimeMillis() / 5_000 + 1) * 5_000;
        while (System.currentTimeMillis() <= boundary) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // waiting for the clock, not for the broker
        }
        mgmt.admin().sampleRatesNow();

        driver.get("http://127.0.0.1:" + mgmt.port() + "/#/queue/%2F/" + queue);
        By queuedChart = By.xpath("//div[contains(@class,'chart')][h3='Queued messages']/*[name()='svg']");
        wait.until(d -> !d.findElements(queuedChart).isEmpty()
                && Integer.parseInt(d.findElement(queuedChart).getAttribute("data-points")) >= 2);
        screenshot("mgmt-ui-queue-history.png");

        driver.get("http://127.0.0.1:" + mgmt.port() + "/#/exchange/%2F/amq.default");
        By publishedIn = By.cssSelector("#exchange-totals b[data-field='published in']");
        wait.until(d -> !d.findElements(publishedIn).isEmpty()
                && !d.findElement(publishedIn).getText().isEmpty()
                && Long.parseLong(d.findElement(publishedIn).getText().replace(",", "")) >= 3);
        screenshot("mgmt-ui-exchange.png");
        String error = driver.findElement(By.id("error")).getText();
        assertTrue(error.isEmpty(), error);
        driver.findElement(By.id("logout")).click(); // the other test starts at the login form
    }

    @Test
    void vhostAndUserLimitsShowOnTheAdminPage() throws Exception {
        logInAsGuest(wait, port);
        MgmtClient api = new MgmtClient(port, "guest", "guest");
        String vhost = "ui-limited-" + System.nanoTime();
        MgmtClient.expect(201, api.put("/api/vhosts/" + vhost, Map.of()));
        MgmtClient.expect(204, api.put("/api/vhost-limits/" + vhost + "/max-queues", Map.of("value", 5)));
        driver.get("http://127.0.0.1:" + port + "/#/admin");
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-vhost='" + vhost + "'] td.limits"),
                "max-queues 5"));
        MgmtClient.expect(204, api.delete("/api/vhosts/" + vhost));
        String user = "ui-limited-user-" + System.nanoTime();
        MgmtClient.expect(201, api.put("/api/users/" + user, Map.of("password", "pw", "tags", "")));
        MgmtClient.expect(204, api.put("/api/user-limits/" + user + "/max-channels", Map.of("value", 7)));
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("tr[data-user='" + user + "'] td.limits"),
                "max-channels 7"));
        MgmtClient.expect(204, api.delete("/api/users/" + user));
        driver.findElement(By.id("logout")).click(); // the other tests start at the login form
    }

    @Test
    void policiesAreSetShownOnTheirQueuesAndDeletedThroughTheUi() throws Exception {
        logInAsGuest(wait, port);
        MgmtClient api = new MgmtClient(port, "guest", "guest");
        String policy = "ui-policy-" + System.nanoTime();
        String queue = transientQueue(api, policy + ".q");

        By row = setPolicyThroughForm(wait, port + "/#/admin/policies", "policy-", policy, "message-ttl=-1",
                "not a valid message TTL", "message-ttl=60000\nqueue-mode=lazy", "message-ttl=60000");
        assertEquals(Map.of("message-ttl", 60000, "queue-mode", "lazy"),
                api.getObject("/api/policies/%2F/" + policy).get("definition"));
        screenshot("mgmt-ui-policies.png");

        driver.get("http://127.0.0.1:" + port + "/#/queue/%2F/" + queue);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#queue-totals b[data-field='policy']"), policy));
        screenshot("mgmt-ui-queue-policy.png");
        driver.get("http://127.0.0.1:" + port + "/#/queues");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-name='" + queue + "']"),
                policy));

        deleteThroughList(wait, port + "/#/admin/policies", row);
        MgmtClient.expect(404, api.get("/api/policies/%2F/" + policy));
        assertNull(api.getObject("/api/queues/%2F/" + queue).get("policy"));
        driver.findElement(By.id("logout")).click(); // the other tests start at the login form
    }

    @Test
    void operatorPoliciesHaveTheirOwnPageAndShowOnTheirQueues() throws Exception {
        logInAsGuest(wait, port);
        MgmtClient api = new MgmtClient(port, "guest", "guest");
        String policy = "ui-operator-" + System.nanoTime();
        String queue = transientQueue(api, policy + ".q");

        By row = setPolicyThroughForm(wait, port + "/#/admin/operator-policies", "operator-policy-", policy,
                "overflow=drop-head", "not recognised", "max-length=100", "max-length=100");
        assertEquals(Map.of("max-length", 100), api.getObject("/api/operator-policies/%2F/" + policy)
                .get("definition"));

        driver.get("http://127.0.0.1:" + port + "/#/queue/%2F/" + queue);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#queue-totals b[data-field='operator policy']"),
                policy));

        deleteThroughList(wait, port + "/#/admin/operator-policies", row);
        MgmtClient.expect(404, api.get("/api/operator-policies/%2F/" + policy));
        driver.findElement(By.id("logout")).click(); // the other tests start at the login form
    }

    /**
     * On the policies page at {@code page} (port and fragment), whose form fields are named {@code ids} + "name"
     * and so on: fills the form for queues named {@code name}.*, saves an invalid definition and waits for the
     * error that names its {@code problem}, then saves the valid one and waits for its row to show
     * {@code shown}. Returns the row.
     */
    private static By setPolicyThroughForm(WebDriverWait wait, String page, String ids, String name, String invalid,
                                           String problem, String valid, String shown) {
        driver.get("http://127.0.0.1:" + page);
        wait.until(d -> !new Select(d.findElement(By.id(ids + "vhost"))).getOptions().isEmpty());
        driver.findElement(By.id(ids + "name")).sendKeys(name);
        driver.findElement(By.id(ids + "pattern")).sendKeys("^" + name + "\\.");
        new Select(driver.findElement(By.id(ids + "apply-to"))).selectByValue("queues");
        WebElement definition = driver.findElement(By.id(ids + "definition"));
        definition.sendKeys(invalid);
        driver.findElement(By.id(ids + "save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), problem));
        definition.clear();
        definition.sendKeys(valid);
        driver.findElement(By.id(ids + "save")).click();
        By row = By.cssSelector("tr[data-name='" + name + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(row, shown));
        assertTrue(driver.findElement(By.id("error")).getText().isEmpty());
        return row;
    }

    private static String transientQueue(MgmtClient api, String name) {
        MgmtClient.expect(201, api.put("/api/queues/%2F/" + name, Map.of("durable", false)));
        return name;
    }

    @Test
    void theAddQueueFormDeclaresAQuorumQueueAlwaysDurable() throws Exception {
        logInAsGuest(wait, port);
        MgmtClient api = new MgmtClient(port, "guest", "guest");
        String queue = "ui-quorum-" + System.nanoTime();
        driver.get("http://127.0.0.1:" + port + "/#/queues");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-queue"))).sendKeys(queue);
        WebElement durable = driver.findElement(By.id("new-queue-durable"));
        durable.click(); // unticked for a classic queue...
        new Select(driver.findElement(By.id("new-queue-type"))).selectByVisibleText("quorum");
        assertTrue(durable.isSelected() && !durable.isEnabled(), "...ticked and locked for a quorum queue");
        driver.findElement(By.id("add-queue")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-name='" + queue + "']"),
                "quorum"));
        Map<String, Object> declared = api.getObject("/api/queues/%2F/" + queue);
        assertEquals(true, declared.get("durable"));
        assertEquals(Map.of("x-queue-type", "quorum"), declared.get("arguments"));
        MgmtClient.expect(204, api.delete("/api/queues/%2F/" + queue));
        driver.findElement(By.id("logout")).click(); // the other tests start at the login form
    }

    /** On the list at {@code page} (port and fragment), clicks the delete button of {@code row} and confirms. */
    private static void deleteThroughList(WebDriverWait wait, String page, By row) {
        driver.get("http://127.0.0.1:" + page);
        wait.until(ExpectedConditions.elementToBeClickable(new ByChained(row, By.tagName("button")))).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
    }

    private static long messages(Channel ch, String queue) {
        try {
            return ch.queueDeclarePassive(queue).getMessageCount();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void logInAsGuest(WebDriverWait wait, int port) {
        driver.get("http://127.0.0.1:" + port + "/#/overview");
        wait.until(d -> d.findElement(By.id("nav")).isDisplayed() || d.findElement(By.id("login")).isDisplayed());
        if (driver.findElement(By.id("login")).isDisplayed()) {
            // after a logout in the same page the form still holds what was typed before
            driver.findElement(By.id("login-user")).clear();
            driver.findElement(By.id("login-user")).sendKeys("guest");
            driver.findElement(By.id("login-pass")).clear();
            driver.findElement(By.id("login-pass")).sendKeys("guest");
            driver.findElement(By.id("login-btn")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        }
    }
}
