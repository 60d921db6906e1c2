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
            assertFalse(event.has("payloadText"), "the JSON prints back as sent");

            device.publish("v1/devices/me/telemetry", "{\"temperature\": 25.50}", 1);
            JsonNode spaced = api.get("/admin/events?device=dev-1&type=TELEMETRY&after=" + page.get("next")).body()
                .at("/events/0");
            assertEquals(json("{\"temperature\":25.50}"), spaced.get("payload"));
            assertEquals("{\"temperature\": 25.50}", spaced.get("payloadText").asText(), "what the device sent");
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
    void aDeviceThatDoesNotExistYetMatchesNothingAndCanBeWaitedFor() throws Exception {
        AdminClient.Reply none = api.get("/admin/events?device=sensor-7");
        assertEquals(200, none.status());
        assertEquals(0, none.body().get("events").size());
        CompletableFuture<AdminClient.Reply> poll = api.getAsync("/admin/events?device=sensor-7&type=CONNECT&waitMs=600000");
        api.post("/admin/devices", "{\"name\":\"sensor-7\",\"credentials\":{\"token\":\"T7\"}}");
        try (MqttDevice device = MqttDevice.connectWithToken(mqttPort, "T7")) {
            JsonNode events = poll.get(10, TimeUnit.SECONDS).body().get("events");
            assertEquals("CONNECT", events.get(0).get("type").asText());
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
        api.post("/admin/ota/packages?title=fw&version=1", new byte[] {1});
        String packageId = api.get("/admin/ota/packages").body().get(0).get("id").asText();
        api.post("/admin/devices/dev-1/ota", "{\"packageId\":\"" + packageId + "\"}");
        long threadsBefore = serverThreads();
        List<CompletableFuture<AdminClient.Reply>> polls = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            polls.add(api.getAsync("/admin/events?type=CLAIM&waitMs=600000"));
            polls.add(api.getAsync("/admin/devices/dev-1/ota?state=UPDATED&waitMs=600000"));
        }
        awaitPendingWaits(polls.size());
        // Had each poll taken a thread of its own (a worker pool), there would be up to 50 more.
        long added = serverThreads() - threadsBefore;
        assertTrue(added < 10, added + " threads were added while " + polls.size() + " polls wait");
        assertEquals(200, api.get("/admin/health").status());
        polls.forEach(poll -> assertFalse(poll.isDone()));
        polls.forEach(poll -> poll.cancel(true));
    }

    /** Live threads, but the HTTP client's own (it takes a worker per request, whatever the server does). */
    private static long serverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> !thread.getName().startsWith("HttpClient-"))
            .count();
    }

    /** Until the server holds this many waits, each registered when its request arrived. */
    private static void awaitPendingWaits(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int pending = 0;
        while (System.nanoTime() < deadline) {
            pending = api.get("/admin/stats").body().get("pendingWaits").asInt();
            if (pending >= count) {
                return;
            }
        }
        throw new AssertionError("only " + pending + " of " + count + " polls are waiting");
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
