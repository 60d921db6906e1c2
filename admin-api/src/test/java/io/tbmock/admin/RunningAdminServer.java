package io.tbmock.admin;

import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A server with its admin API on free ports, one per test class, reset over HTTP before each test. */
abstract class RunningAdminServer {
    static TbMockServer server;
    static AdminServer admin;
    static AdminClient api;
    static int mqttPort;
    static int mqttsPort;

    @BeforeAll
    static void start() {
        server = TbMockServer.start(TbMockOptions.builder().mqttPort(0).mqttsPort(0).bindAddress("127.0.0.1").build());
        admin = AdminServer.start(server, "127.0.0.1", 0);
        api = new AdminClient(admin.port());
        mqttPort = server.mqttPort();
        mqttsPort = server.mqttsPort().orElseThrow();
    }

    @AfterAll
    static void stop() {
        admin.close();
        server.close();
    }

    @BeforeEach
    void reset() throws Exception {
        if (api.post("/admin/reset").status() != 204) {
            throw new AssertionError("reset failed");
        }
    }
}
