package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.admin.internal.AdminRoutes;
import io.tbmock.admin.internal.Route;
import io.tbmock.server.TbMockServer;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document describes exactly the routes the server has, and is itself well formed. */
class OpenApiTest extends RunningAdminServer {

    @Test
    void everyRouteIsDescribedAndEveryDescribedOperationIsARoute() throws Exception {
        AdminClient.Reply reply = api.get("/admin/openapi.json");
        assertEquals(200, reply.status());
        assertEquals("application/json", reply.headers().firstValue("Content-Type").orElse(null));
        JsonNode paths = reply.body().get("paths");
        Set<String> routes = new TreeSet<>();
        for (Route route : new AdminRoutes(server, () -> 0, List.of()).all()) {
            routes.add(route.method().name() + " " + route.pattern());
        }
        Set<String> described = new TreeSet<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames()
            .forEachRemaining(method -> described.add(method.toUpperCase() + " " + path.getKey())));
        assertEquals(routes, described);
    }

    @Test
    void itsServerIsWhereItWasFetchedFrom() throws Exception {
        assertEquals("http://127.0.0.1:" + admin.port(), api.get("/admin/openapi.json").body().at("/servers/0/url").asText());
        try (Socket socket = new Socket("127.0.0.1", admin.port())) {
            socket.getOutputStream().write(("GET /admin/openapi.json HTTP/1.1\r\nHost: tbmock.example:9999\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.contains("\"url\": \"http://tbmock.example:9999\""), answer.substring(0, 600));
        }
    }

    @Test
    void theDocumentIsOpenApi3WithItsReferencesResolved() throws Exception {
        JsonNode document = api.get("/admin/openapi.json").body();
        assertTrue(document.get("openapi").asText().startsWith("3."));
        assertEquals(TbMockServer.VERSION, document.at("/info/version").asText());
        List<String> references = new ArrayList<>();
        collectReferences(document, references);
        assertTrue(references.size() > 30, references.toString());
        for (String reference : references) {
            assertTrue(reference.startsWith("#/"), reference);
            assertTrue(!document.at(reference.substring(1)).isMissingNode(), "dangling " + reference);
        }
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            assertTrue(operation.getValue().hasNonNull("summary"), operation.getKey() + " " + path.getKey());
            assertTrue(operation.getValue().get("responses").size() > 0, operation.getKey() + " " + path.getKey());
        }));
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    references.add(field.getValue().asText());
                } else {
                    collectReferences(field.getValue(), references);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectReferences(element, references));
        }
    }
}
