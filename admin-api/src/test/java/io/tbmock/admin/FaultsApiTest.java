package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults over the admin API (docs/faults.md): created, listed with their firings, removed; bad bodies change nothing. */
class FaultsApiTest extends RunningAdminServer {

    @Test
    void aFaultIsCreatedFiresAndIsRemoved() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        AdminClient.Reply created = api.post("/admin/faults",
            "{\"kind\":\"REFUSE_CONNECT\",\"device\":\"dev-1\",\"reasonCode\":136,\"count\":2}");
        assertEquals(201, created.status(), created.body().toString());
        String id = created.body().get("id").asText();
        assertEquals(0, created.body().get("fired").asInt());
        assertEquals(3, MqttDevice.refusalCode(mqttPort, MqttDevice.options().username("T1")), "MQTT 3.1.1: 3");
        JsonNode listed = api.get("/admin/faults").body();
        assertEquals(1, listed.get(0).get("fired").asInt());
        assertEquals(1, api.get("/admin/faults/" + id + "?fired=1").body().get("fired").asInt(), "fired once already");
        AdminClient.Reply notYet = api.get("/admin/faults/" + id + "?fired=2&waitMs=100");
        assertEquals(504, notYet.status());
        assertTrue(notYet.body().get("error").asText().contains("(it fired 1)"), notYet.body().toString());
        assertEquals(400, api.get("/admin/faults/" + id + "?waitMs=100").status(), "waitMs goes with fired");
        assertEquals(400, api.get("/admin/faults/" + id + "?fired=0").status());
        assertEquals(id, api.get("/admin/events?type=FAULT").body().at("/events/0/payload/fault").asText());
        assertEquals(204, api.delete("/admin/faults/" + id).status());
        assertEquals(404, api.delete("/admin/faults/" + id).status());
        assertEquals(1, api.get("/admin/faults/" + id).body().get("fired").asInt(), "removed, still found");
        assertEquals(404, api.get("/admin/faults/nope").status());
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            assertTrue(device.isConnected(), "removed: it bites no more");
        }
        api.post("/admin/faults", "{\"kind\":\"WITHHOLD_PUBACK\"}");
        assertEquals(204, api.delete("/admin/faults").status());
        assertEquals(0, api.get("/admin/faults").body().size());
    }

    @Test
    void badFaultsAre400() throws Exception {
        for (String body : new String[] {"{}", "{\"kind\":\"EXPLODE\"}", "{\"kind\":\"RATE_LIMIT\"}",
            "{\"kind\":\"RATE_LIMIT\",\"messages\":\"fast\"}",
            "{\"kind\":\"STALL\"}", "{\"kind\":\"DELAY_PUBACK\"}", "{\"kind\":\"DELAY_PUBACK\",\"delayMs\":-1}",
            "{\"kind\":\"REFUSE_CONNECT\",\"reasonCode\":128}", "{\"kind\":\"CLOSE\",\"afterMessages\":0}",
            "{\"kind\":\"WITHHOLD_PUBACK\",\"count\":\"once\"}", "{\"kind\":\"WITHHOLD_PUBACK\",\"activeMs\":0}",
            "{\"kind\":\"STALL\",\"stallMs\":5,\"transport\":\"COAP\"}"}) {
            AdminClient.Reply reply = api.post("/admin/faults", body);
            assertEquals(400, reply.status(), body + " → " + reply.body());
        }
        assertEquals(0, api.get("/admin/faults").body().size());
    }

    @Test
    void aKindThatMeansNothingOnHttpIsRefusedForHttpSaying() throws Exception {
        for (String kind : new String[] {"WITHHOLD_PUBACK", "DUPLICATE_DOWNLINK", "DROP_DOWNLINK"}) {
            AdminClient.Reply reply = api.post("/admin/faults", "{\"kind\":\"" + kind + "\",\"transport\":\"HTTP\"}");
            assertEquals(400, reply.status(), kind);
            assertTrue(reply.body().get("error").asText().contains("means nothing for the HTTP device API"),
                reply.body().toString());
        }
        AdminClient.Reply topic = api.post("/admin/faults",
            "{\"kind\":\"DELAY_PUBACK\",\"delayMs\":5,\"topic\":\"v1/#\",\"transport\":\"HTTP\"}");
        assertEquals(400, topic.status(), "an HTTP request has no topic");
        AdminClient.Reply http = api.post("/admin/faults", "{\"kind\":\"STALL\",\"stallMs\":5,\"transport\":\"HTTP\"}");
        assertEquals(201, http.status(), http.body().toString());
        assertEquals("HTTP", http.body().get("transport").asText());
        assertEquals(1, api.get("/admin/faults").body().size(), "only the HTTP stall was created");
    }
}
