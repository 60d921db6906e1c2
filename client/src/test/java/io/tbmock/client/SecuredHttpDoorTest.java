package io.tbmock.client;

import io.tbmock.admin.AdminServer;
import io.tbmock.server.TbMockException;
import io.tbmock.server.TbMockOptions;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract through {@link TbMockClient} over HTTPS, to an admin API that wants a token. */
class SecuredHttpDoorTest extends TbMockContract {
    private static final String TOKEN = "ci-host-token";
    private String url;
    private String caPem;

    @Override
    protected Door open() {
        TbMockServer server = TbMockServer.start(TbMockOptions.builder().bindAddress("127.0.0.1").mqttPort(0)
            .mqttsPort(TbMockOptions.DISABLED).build());
        AdminServer admin = AdminServer.start(server, AdminServer.options().bindAddress("127.0.0.1").port(0)
            .token(TOKEN).https(true));
        url = "https://localhost:" + admin.port();
        caPem = server.mock().caCertificatePem();
        TbMockClient client = TbMockClient.builder(url).adminToken(TOKEN).trustedCertificates(caPem).connect();
        return new Door(client, server.mqttPort(), () -> {
            client.close();
            admin.close();
            server.close();
        });
    }

    @Test
    void aClientWithoutTheTokenIsToldSo() {
        TbMockClient anonymous = TbMockClient.builder(url).trustedCertificates(caPem).connect();
        TbMockException refused = assertThrows(TbMockException.class, anonymous::devices);
        assertTrue(refused.getMessage().contains("401"), refused.getMessage());
    }
}
