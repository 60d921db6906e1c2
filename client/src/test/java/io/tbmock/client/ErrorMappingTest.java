package io.tbmock.client;

import com.sun.net.httpserver.HttpServer;
import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMockException;
import io.tbmock.server.WaitTimeoutException;
import io.tbmock.server.model.RpcRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each error answer of the admin API becomes the exception the in-process handle throws, with the server's
 * sentence: a server that answers {@code /admin/devices/<status>…} with that status plays the admin API.
 */
class ErrorMappingTest {
    private HttpServer server;
    private TbMockClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/admin/devices/", exchange -> {
            String name = exchange.getRequestURI().getPath().split("/")[3];
            int status = Integer.parseInt(name.replaceAll("\\D.*", ""));
            byte[] body = (name.endsWith("html") ? "<html>bad gateway</html>"
                : "{\"status\":" + status + ",\"error\":\"the sentence for " + status + "\"}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        client = TbMockClient.connect("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void eachStatusIsTheInProcessException() {
        assertFails(InvalidRequestException.class, "400", "the sentence for 400");
        assertFails(NotFoundException.class, "404", "the sentence for 404");
        assertFails(ConflictException.class, "409", "the sentence for 409");
        assertFails(WaitTimeoutException.class, "504", "the sentence for 504");
        TbMockException other = assertThrows(TbMockException.class, () -> client.device("500"));
        assertEquals(TbMockException.class, other.getClass());
        assertTrue(other.getMessage().startsWith("the admin API answered 500 to GET http://127.0.0.1:"), other.getMessage());
        assertTrue(other.getMessage().endsWith("/admin/devices/500: the sentence for 500"), other.getMessage());
        TbMockException notJson = assertThrows(TbMockException.class, () -> client.device("502html"));
        assertTrue(notJson.getMessage().endsWith(": <html>bad gateway</html>"), notJson.getMessage());
    }

    @Test
    void aFinishedRpcsAnswerIsReadButAnErrorIsNot() {
        NotFoundException failure = assertThrows(NotFoundException.class,
            () -> client.sendRpc("404", RpcRequest.twoWay("reboot")));
        assertEquals("the sentence for 404", failure.getMessage());
    }

    @Test
    void aServerThatIsNotThereIsSaidSo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TbMockClient nowhere = TbMockClient.connect("http://127.0.0.1:" + closedPort);
        TbMockException failure = assertThrows(TbMockException.class, nowhere::devices);
        assertTrue(failure.getMessage().startsWith("cannot reach tbmock's admin API at http://127.0.0.1:" + closedPort
            + "/admin: "), failure.getMessage());
        assertInstanceOf(java.net.ConnectException.class, failure.getCause());
    }

    private void assertFails(Class<? extends TbMockException> type, String status, String message) {
        TbMockException failure = assertThrows(TbMockException.class, () -> client.device(status));
        assertEquals(type, failure.getClass());
        assertEquals(message, failure.getMessage());
    }
}
