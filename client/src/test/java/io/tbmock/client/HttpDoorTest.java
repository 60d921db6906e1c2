package io.tbmock.client;

import io.tbmock.admin.AdminServer;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;

/** The contract through {@link TbMockClient} and the admin API of a server in this JVM. */
class HttpDoorTest extends TbMockContract {
    @Override
    protected Door open() {
        TbMockServer server = TbMockServer.start(TbMockOptions.builder().bindAddress("127.0.0.1").mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).build());
        AdminServer admin = AdminServer.start(server, "127.0.0.1", 0);
        TbMockClient client = TbMockClient.connect("http://127.0.0.1:" + admin.port());
        return new Door(client, server.mqttPort(), () -> {
            client.close();
            admin.close();
            server.close();
        });
    }
}
