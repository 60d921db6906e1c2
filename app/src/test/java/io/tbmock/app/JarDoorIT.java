package io.tbmock.app;

import io.tbmock.client.TbMockClient;
import io.tbmock.client.TbMockContract;

import java.util.Map;
import java.util.regex.Matcher;

/** The contract through {@link TbMockClient} and the shaded jar, started as users start it, in its own JVM. */
class JarDoorIT extends TbMockContract {
    @Override
    protected Door open() throws Exception {
        LaunchedJar jar = LaunchedJar.launch(Map.of(), "--quiet", "--bind", "127.0.0.1", "--mqtt-port", "0",
            "--mqtts-port", "-1", "--http-port", "0");
        Matcher ports = jar.startLine();
        TbMockClient client = TbMockClient.connect("http://127.0.0.1:" + ports.group(4));
        return new Door(client, Integer.parseInt(ports.group(1)), () -> {
            client.close();
            jar.stop();
            jar.close();
        });
    }
}
