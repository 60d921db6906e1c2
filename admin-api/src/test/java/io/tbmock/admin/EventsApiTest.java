package io.tbmock.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.tbmock.testing.MqttDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.tbmock.admin.AdminClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /admin/events}: the journal, its filters and its long poll. */
class EventsApiTest extends RunningAdminServer {

    @BeforeEach
    void devices() throws Exception {
        api.post("/admin/devices", "{\"name\":\"dev-1\",\"credentials\":{\"token\":\"T1\"}}");
        api.post("/admin/devices", "{\"name\":\"dev-2\",\"credentials\":{\"token\":\"T2\"}}");
    }

    @Test
    void eventsHaveTheContractsFields() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publish("v1/devices/me/telemetry", "{\"temperature\":25.5}", 1);
            JsonNode page = api.get("/admin/events?device=dev-1&type=TELEMETRY").body();
            JsonNode event = page.get("events").get(0);
            assertEquals("dev-1", event.get("device").asText());
            assertEquals(device.clientId(), event.get("clientId").asText());
            assertEquals("IN", event.get("direction").asText());
            assertEquals("TELEMETRY", event.get("type").asText());
            assertEquals("v1/devices/me/telemetry", event.get("topic").asText());
            assertEquals(json("{\"temperature\":25.5}"), event.get("payload"));
            assertTrue(event.get("error").isNull());
            assertTrue(event.get("seq").asLong() > 0 && event.get("ts").asLong() > 0);
            assertEquals(event.get("seq").asLong(), page.get("next").asLong());
        }
    }

    @Test
    void aPayloadThatIsNotJsonIsAString() throws Exception {
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            device.publishAsync("v1/devices/me/telemetry", "{not json", 1); // closes the connection
            JsonNode event = api.get("/admin/events?type=REJECTED&waitMs=5000").body().get("events").get(0);
            assertEquals("{not json", event.get("payload").asText());
            assertTrue(event.get("error").asText().startsWith("invalid payload"));
        }
    }

    @Test
    void filtersAfterAndLimit() throws Exception {
        try (MqttDevice one = MqttDevice.connectWithToken(mqttPort, "T1");
             MqttDevice two = MqttDevice.connectWithToken(mqttPort, "T2")) {
            one.publish("v1/devices/me/telemetry", "{\"n\":1}", 1);
            two.publish("v1/devices/me/telemetry", "{\"n\":2}", 1);
            one.publish("v1/devices/me/attributes", "{\"n\":3}", 1);
            one.publish("v1/devices/me/telemetry", "{\"n\":4}", 1);
        }
        JsonNode first = api.get("/admin/events?device=dev-1&type=TELEMETRY,ATTRIBUTES&limit=1").body();
        assertEquals(json("{\"n\":1}"), first.at("/events/0/payload"));
        JsonNode rest = api.get("/admin/events?device=dev-1&type=TELEMETRY,ATTRIBUTES&after="
            + first.get("next").asLong()).body();
        assertEquals(List.of("{\"n\":3}", "{\"n\":4}"), payloads(rest));
    }

    @Test
    void aLongPollAnswersAsSoonAsAnEventArrives() throws Exception {
        long after = api.get("/admin/events").body().get("next").asLong();
        CompletableFuture<AdminClient.Reply> poll =
            api.getAsync("/admin/events?type=TELEMETRY&waitMs=600000&after=" + after);
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T1")) {
            assertFalse(poll.isDone());
            device.publish("v1/devices/me/telemetry", "{\"now\":1}", 1);
            AdminClient.Reply reply = poll.get(10, TimeUnit.SECONDS); // far sooner than the 10 minutes asked
            assertEquals(200, reply.status());
            assertEquals(List.of("{\"now\":1}"), payloads(reply.body()));
        }
    }

    @Test
    void aLongPollThatTimesOutIsAnEmptyPage() throws Exception {
        AdminClient.Reply reply = api.get("/admin/events?type=CLAIM&waitMs=100");
        assertEquals(200, reply.status());
        assertEquals(0, reply.body().get("events").size());
    }

    @Test
    void waitingPollsHoldNoThread() throws Exception {
        List<CompletableFuture<AdminClient.Reply>> polls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            polls.add(api.getAsync("/admin/events?type=CLAIM&waitMs=600000"));
        }
        // The admin server has two event loops; had the polls taken them, this would not be answered.
        assertEquals(200, api.get("/admin/health").status());
        polls.forEach(poll -> assertFalse(poll.isDone()));
        polls.forEach(poll -> poll.cancel(true));
    }

    @Test
    void badQueryParametersAre400() throws Exception {
        for (String query : new String[] {"type=NOPE", "after=-1", "limit=abc", "limit=0", "waitMs=soon"}) {
            AdminClient.Reply reply = api.get("/admin/events?" + query);
            assertEquals(400, reply.status(), query);
            assertEquals(400, reply.body().get("status").asInt());
        }
    }

    private static List<String> payloads(JsonNode page) {
        List<String> payloads = new ArrayList<>();
        page.get("events").forEach(event -> payloads.add(event.get("payload").toString()));
        return payloads;
    }
}
