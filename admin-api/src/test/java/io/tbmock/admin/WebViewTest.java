package io.tbmock.admin;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.ProtobufPayload;
import io.tbmock.testing.DeviceSchemas;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import tbmock.test.presence.TelemetryPresence.PostTelemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web view at {@code /admin/ui/} in a real browser: Debian's headless Chromium, driven by Selenium, against a
 * real server with real MQTT devices. Skipped, saying why, where Chromium is not installed (CI installs it:
 * {@code .ci/browser}).
 */
class WebViewTest extends RunningAdminServer {
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path BROWSER = Path.of("/usr/lib/chromium/chromium");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ChromeDriver browser;

    @BeforeAll
    static void openBrowser() {
        assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(BROWSER), "the web view's tests need Debian's "
            + "chromium and chromium-driver (" + BROWSER + ", " + DRIVER + "); CI installs them with .ci/browser");
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile())
            .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
            options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void whatADeviceSendsAppearsInTheJournalAndTheDeviceInItsPane() throws Exception {
        device("dev-1", "T1");
        open();
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
            awaitRow("TELEMETRY", "{\"temperature\":25.5}");
            waitUntil(() -> text("devices").contains("dev-1") && text("devices").contains("connected"));
        }
        waitUntil(() -> text("devices").contains("offline"));
        awaitRow("DISCONNECT", "dev-1");
    }

    @Test
    void theDeviceTypeAndTextFiltersNarrowTheJournal() throws Exception {
        device("dev-1", "T1");
        device("dev-2", "T2");
        open();
        try (MqttDevice one = MqttDevice.connectWithToken(mqttPort, "T1");
             MqttDevice two = MqttDevice.connectWithToken(mqttPort, "T2")) {
            one.publish("v1/devices/me/telemetry", "{\"temperature\":21}", 1);
            two.publish("v1/devices/me/telemetry", "{\"humidity\":40}", 1);
            two.publish("v1/devices/me/attributes", "{\"model\":\"H2\"}", 1);
            awaitRow("ATTRIBUTES", "H2");
        }
        waitUntil(() -> new Select(browser.findElement(By.id("filter-device"))).getOptions().size() == 3);
        choose("filter-device", "dev-2");
        waitUntil(() -> !rows().isEmpty() && rows().stream().allMatch(row -> row.contains("dev-2")));
        assertTrue(rows().stream().anyMatch(row -> row.contains("humidity")), rows().toString());
        choose("filter-type", "TELEMETRY");
        waitUntil(() -> rows().size() == 1 && rows().get(0).contains("humidity"));
        choose("filter-type", "All types");
        browser.findElement(By.id("filter-text")).sendKeys("model");
        waitUntil(() -> rows().size() == 1 && rows().get(0).contains("ATTRIBUTES"));
        browser.findElement(By.id("filter-text")).sendKeys("-nothing-like-this");
        waitUntil(() -> rows().isEmpty());
    }

    @Test
    void pauseHoldsTheViewWhileEventsArriveAndFollowShowsThem() throws Exception {
        device("dev-1", "T1");
        open();
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"before\":1}", 1);
            awaitRow("TELEMETRY", "before");
            int shown = rows().size();
            browser.findElement(By.id("pause")).click();
            assertEquals("true", browser.findElement(By.id("pause")).getAttribute("aria-pressed"));
            device.publish("v1/devices/me/telemetry", "{\"whilePaused\":1}", 1);
            waitUntil(() -> text("pending").contains("1 new held while paused"));
            assertEquals(shown, rows().size(), "the view holds still");
            assertTrue(rows().stream().noneMatch(row -> row.contains("whilePaused")));
            browser.findElement(By.id("pause")).click();
            awaitRow("TELEMETRY", "whilePaused");
            assertEquals("", text("pending"));
        }
    }

    @Test
    void anRpcSentFromThePageReachesTheDeviceAndItsAnswerShows() throws Exception {
        device("dev-1", "T1");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.subscribe(1, "v1/devices/me/rpc/request/+");
            open();
            selectDevice("dev-1");
            waitUntil(() -> text("session").contains("v1/devices/me/rpc/request/+"));
            assertTrue(text("session").contains("Active\nyes, last activity "), text("session"));
            assertTrue(text("connectivity").contains("mosquitto_pub -d -q 1 -h 127.0.0.1 -p " + mqttPort
                + " -t v1/devices/me/telemetry -u \"T1\""), "the commands to publish as the device: " + text("connectivity"));
            browser.findElement(By.id("rpc-method")).sendKeys("setGpio");
            WebElement params = browser.findElement(By.id("rpc-params"));
            params.clear();
            params.sendKeys("{\"pin\":4}");
            browser.findElement(By.cssSelector("#rpc-form button[type=submit]")).click();
            MqttDevice.Received request = device.nextMessage();
            assertEquals("{\"method\":\"setGpio\",\"params\":{\"pin\":4}}", request.payload());
            device.publish("v1/devices/me/rpc/response/0", "{\"ok\":true}", 1);
            waitUntil(() -> text("rpc-result").contains("RPC 0: SUCCESSFUL") && text("rpc-result").contains("\"ok\": true"));

            browser.findElement(By.id("attribute-key")).sendKeys("mode");
            browser.findElement(By.id("attribute-value")).sendKeys("eco");
            browser.findElement(By.cssSelector("#attribute-form button[type=submit]")).click();
            waitUntil(() -> text("attribute-result").contains("Stored"));
        }
    }

    @Test
    void anEventSaysWhichTransportItCameBy() throws Exception {
        device("dev-1", "T1");
        open();
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + admin.port() + "/api/v1/T1/telemetry"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"viaHttp\":1}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode());
        WebElement row = awaitRow("TELEMETRY", "viaHttp");
        row.findElement(By.tagName("summary")).click();
        waitUntil(() -> row.getText().contains("over HTTP"));
        browser.findElement(By.id("filter-text")).sendKeys("http");
        waitUntil(() -> rows().size() == 1 && rows().get(0).contains("viaHttp"));
    }

    @Test
    void aProtobufPayloadIsShownDecodedAndRaw() throws Exception {
        server.mock().saveDeviceProfile(DeviceProfile.mqtt("sensor", MqttTransportConfiguration.protobuf(ProtobufPayload.of(
            DeviceSchemas.text("telemetry_presence.proto"), DeviceSchemas.text("attributes.proto")))));
        server.mock().createDevice(NewDevice.named("dev-1").type("sensor").credentials(DeviceCredentials.token("T1")));
        open();
        byte[] bytes = PostTelemetry.newBuilder().setKey1("hello").build().toByteArray();
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/telemetry", bytes, 1);
        }
        WebElement row = awaitRow("TELEMETRY", "{\"key1\":\"hello\"}");
        assertTrue(row.getText().contains("protobuf"), row.getText());
        row.findElement(By.tagName("summary")).click();
        waitUntil(() -> row.getText().contains("raw (base64): " + Base64.getEncoder().encodeToString(bytes)));
    }

    @Test
    void aFaultIsInjectedFromThePageListedMarkedInTheJournalAndRemoved() throws Exception {
        device("dev-1", "T1");
        open();
        selectDevice("dev-1");
        new Select(browser.findElement(By.id("fault-kind"))).selectByValue("refuse");
        browser.findElement(By.cssSelector("#fault-form button[type=submit]")).click();
        waitUntil(() -> text("fault-result").contains("injected (REFUSE_CONNECT)"));
        waitUntil(() -> text("faults").contains("REFUSE_CONNECT: 0 of 1 fired"));
        assertEquals(3, MqttDevice.refusalCode(mqttPort, MqttDevice.options().username("T1")), "the device is refused");
        WebElement fired = awaitRow("FAULT", "REFUSE_CONNECT");
        assertTrue(fired.getAttribute("class").contains("fault"), "marked as a fault");

        new Select(browser.findElement(By.id("fault-kind"))).selectByValue("withhold");
        browser.findElement(By.cssSelector("#fault-form button[type=submit]")).click();
        waitUntil(() -> text("faults").contains("WITHHOLD_PUBACK"));
        browser.findElement(By.cssSelector("#faults button")).click();
        waitUntil(() -> !text("faults").contains("WITHHOLD_PUBACK"));
        assertEquals(0, server.mock().faults().size(), "removed from the page");
    }

    @Test
    void aPayloadWithMarkupIsShownAsTextAndNeverRuns() throws Exception {
        device("dev-1", "T1");
        open();
        String markup = "<script>window.pwned=1</script><img src=x onerror=\\\"window.pwned=2\\\">";
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"note\":\"" + markup + "\"}", 1);
        }
        WebElement row = awaitRow("TELEMETRY", "<script>window.pwned=1</script>");
        row.findElement(By.tagName("summary")).click();
        waitUntil(() -> row.findElements(By.tagName("pre")).size() == 1);
        assertTrue(row.findElement(By.tagName("pre")).getText().contains("<img src=x onerror="));
        assertEquals(0, browser.findElements(By.cssSelector("#events img, #events script")).size());
        assertEquals(true, browser.executeScript("return window.pwned === undefined"));
    }

    @Test
    void aFloodIsCappedAndItsNewestEventShown() throws Exception {
        device("dev-1", "T1");
        open();
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            for (int i = 0; i < 3000; i++) {
                device.publishAsync("v1/devices/me/telemetry", "{\"n\":" + i + "}", 0);
            }
            device.publish("v1/devices/me/telemetry", "{\"last\":true}", 1);
        }
        awaitRow("TELEMETRY", "{\"last\":true}");
        long rows = (Long) browser.executeScript("return document.querySelectorAll('#events > li').length");
        assertTrue(rows <= 1000, rows + " rows: the list keeps the newest 1000 while it follows");
        String count = browser.findElement(By.id("journal-count")).getText();
        assertTrue(count.endsWith("events kept (the newest 5,000 at most; the list shows the newest 1,000 while it "
            + "follows)"), "the numbers the README gives: " + count);
    }

    @Test
    void thePageHasNoWcagViolationsInLightAndDarkSchemes() throws Exception {
        device("dev-1", "T1");
        api.post("/admin/devices", "{\"name\":\"gw\",\"gateway\":true,\"credentials\":{\"token\":\"GW\"}}");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1");
             MqttDevice gateway = MqttDevice.connectWithToken(mqttPort, "GW")) {
            device.subscribe(1, "v1/devices/me/attributes");
            device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
            device.publish("wrong/topic", "{}", 1);
            gateway.publish("v1/gateway/connect", "{\"device\":\"Sensor A\"}", 1);
            open();
            awaitRow("REJECTED", "unknown topic");
            waitUntil(() -> text("devices").contains("Sensor A"));
            selectDevice("dev-1");
            waitUntil(() -> text("session").contains("MQTT 3.1.1"));
            awaitRow("TELEMETRY", "temperature").findElement(By.tagName("summary")).click();
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target/web-view.png"), browser.getScreenshotAs(OutputType.BYTES));
            assertNoViolations("light");

            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            assertEquals(true, browser.executeScript("return matchMedia('(prefers-color-scheme: dark)').matches"));
            Files.write(Path.of("target/web-view-dark.png"), browser.getScreenshotAs(OutputType.BYTES));
            assertNoViolations("dark");
            browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        }
    }

    @Test
    void withAnAdminTokenThePageAsksForItAndThenShowsTheDevices() throws Exception {
        try (TbMockServer guarded = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
                .bindAddress("127.0.0.1").build());
             AdminServer guardedAdmin = AdminServer.start(guarded, AdminServer.options().bindAddress("127.0.0.1").port(0)
                 .token("s3cret"))) {
            guarded.mock().createDevice(NewDevice.named("secret-device"));
            browser.get("http://127.0.0.1:" + guardedAdmin.port() + "/admin");
            waitUntil(() -> browser.findElement(By.id("token-form")).isDisplayed());
            assertTrue(!text("devices").contains("secret-device"));
            browser.findElement(By.id("token")).sendKeys("s3cret");
            browser.findElement(By.cssSelector("#token-form button")).click();
            waitUntil(() -> text("devices").contains("secret-device"));
            waitUntil(() -> text("connection").startsWith("Live"));
        }
    }

    private void assertNoViolations(String scheme) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
        List<Rule> violations = results.getViolations();
        assertEquals(List.of(), violations.stream().map(rule -> rule.getId() + ": " + rule.getHelp() + " at "
            + rule.getNodes().stream().map(node -> String.valueOf(node.getTarget())).collect(Collectors.joining(", ")))
            .collect(Collectors.toList()), scheme + " scheme");
    }

    private static void device(String name, String token) throws Exception {
        assertEquals(201, api.post("/admin/devices", "{\"name\":\"" + name + "\",\"credentials\":{\"token\":\"" + token
            + "\"}}").status());
    }

    /** The page, fresh, once it follows the journal. */
    private static void open() {
        browser.get("http://127.0.0.1:" + admin.port() + "/admin/ui/");
        waitUntil(() -> text("connection").startsWith("Live"));
    }

    private static void selectDevice(String name) {
        waitUntil(() -> !browser.findElements(By.xpath("//ul[@id='devices']//button[span[text()='" + name + "']]"))
            .isEmpty());
        waitUntil(() -> {
            browser.findElement(By.xpath("//ul[@id='devices']//button[span[text()='" + name + "']]")).click();
            return true;
        });
        waitUntil(() -> browser.findElement(By.id("device")).isDisplayed());
    }

    /** The first row whose text has both; the rows' texts are read in one script, as the page renders on. */
    /** Picks an option, again if the page rebuilt the list meanwhile. */
    private static void choose(String select, String option) {
        waitUntil(() -> {
            new Select(browser.findElement(By.id(select))).selectByVisibleText(option);
            return true;
        });
    }

    private static WebElement awaitRow(String type, String text) {
        waitUntil(() -> rows().stream().anyMatch(row -> row.contains(type) && row.contains(text)));
        List<String> rows = rows();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).contains(type) && rows.get(i).contains(text)) {
                return rowsElements().get(i);
            }
        }
        throw new AssertionError("the row is gone again: " + type + " " + text);
    }

    private static List<WebElement> rowsElements() {
        return browser.findElements(By.cssSelector("#events > li"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> rows() {
        return (List<String>) browser.executeScript(
            "return [...document.querySelectorAll('#events > li')].map(row => row.textContent)");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void waitUntil(BooleanSupplier condition) {
        new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class)
            .until(driver -> condition.getAsBoolean());
    }
}
