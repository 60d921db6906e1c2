package io.tbmock.bench;

import io.tbmock.admin.AdminServer;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether the web view keeps up with a flood: one device publishes N QoS 0 telemetry messages as fast as Paho
 * sends them, then one QoS 1 marker, while the page follows the journal in Debian's headless Chromium. Prints the
 * publish rate, how long after the marker was acknowledged the page showed it, the events a second the page took
 * in over the whole flood, the rows it kept, and how long a script then took to run in it (is it still responsive).
 * Usage: bench/webview.sh [events=20000]
 */
public final class WebViewBenchmark {
    private WebViewBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        try (TbMockServer server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(-1)
                .bindAddress("127.0.0.1").build());
             AdminServer admin = AdminServer.start(server, "127.0.0.1", 0)) {
            server.mock().createDevice(NewDevice.named("flood").credentials(DeviceCredentials.token("FLOOD")));
            ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build(),
                new ChromeOptions().setBinary("/usr/lib/chromium/chromium")
                    .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,900"));
            try {
                browser.get("http://127.0.0.1:" + admin.port() + "/admin/ui/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(5), Duration.ofMillis(5));
                wait.until(driver -> driver.findElement(By.id("connection")).getText().startsWith("Live"));

                MqttClient device = new MqttClient("tcp://127.0.0.1:" + server.mqttPort(), "flood", new MemoryPersistence());
                MqttConnectOptions options = new MqttConnectOptions();
                options.setUserName("FLOOD");
                options.setMaxInflight(65_535);
                device.connect(options);
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    device.publish("v1/devices/me/telemetry", ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8), 0,
                        false);
                }
                device.publish("v1/devices/me/telemetry", "{\"last\":true}".getBytes(StandardCharsets.UTF_8), 1, false);
                long published = System.nanoTime();
                wait.until(driver -> (Boolean) browser.executeScript("return [...document.querySelectorAll('#events > li')]"
                    + ".some(row => row.textContent.includes('{\"last\":true}'))"));
                long shown = System.nanoTime();
                long scriptStart = System.nanoTime();
                Object rows = browser.executeScript("return document.querySelectorAll('#events > li').length");
                long script = System.nanoTime() - scriptStart;
                device.disconnect();
                device.close();

                double publishSeconds = (published - start) / 1e9;
                double totalSeconds = (shown - start) / 1e9;
                System.out.printf("web view: %,d events published in %.2f s (%,.0f/s); the last shown %.0f ms after it was "
                        + "acknowledged; the page took in %,.0f events/s over the flood; %s rows kept; a script then ran in "
                        + "%.0f ms%n", events + 1, publishSeconds, (events + 1) / publishSeconds, (shown - published) / 1e6,
                    (events + 1) / totalSeconds, rows, script / 1e6);
            } finally {
                browser.quit();
            }
        }
    }
}
