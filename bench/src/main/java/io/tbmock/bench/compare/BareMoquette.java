package io.tbmock.bench.compare;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Moquette 0.17 embedded as its README shows, with nothing of tbmock: the broker tbmock is built on, as a
 * peer in the comparison. In memory (no persistence), anonymous, telemetry to Moquette's servers off; runs
 * until killed.
 *
 * <pre>java -cp bench/target/tbmock-bench.jar io.tbmock.bench.compare.BareMoquette PORT</pre>
 */
public final class BareMoquette {
    private BareMoquette() {
    }

    public static void main(String[] args) throws Exception {
        Properties config = new Properties();
        config.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
        config.setProperty(IConfig.PORT_PROPERTY_NAME, args[0]);
        config.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        config.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        config.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
        Server server = new Server();
        server.startServer(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stopServer));
        new CountDownLatch(1).await();
    }
}
