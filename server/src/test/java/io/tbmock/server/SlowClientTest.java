package io.tbmock.server;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.NewDevice;
import io.tbmock.testing.MqttDevice;
import io.tbmock.testing.RawMqtt;
import io.tbmock.testing.RunningServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.tbmock.server.model.DeviceCredentials.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device that stops reading what the server sends it: the server holds a bounded backlog for it, says in the
 * journal what it could not send, keeps serving everyone else, and delivers the backlog once the device reads.
 */
class SlowClientTest extends RunningServer {
    private static final String BLOB = "x".repeat(64 * 1024);
    private static final int PUSHES = 400;

    @BeforeEach
    void devices() {
        tb.createDevice(NewDevice.named("stuck").credentials(token("T1")));
        tb.createDevice(NewDevice.named("bystander").credentials(token("T2")));
    }

    @Test
    void atQos1TheBacklogIsBoundedAndDeliveredInOrderOnceTheDeviceReads() throws Exception {
        try (RawMqtt stuck = new RawMqtt(port); MqttDevice bystander = connect("T2")) {
            stuck.connectWithToken("T1");
            subscribe(stuck, MqttQoS.AT_LEAST_ONCE);
            bystander.subscribe(1, "v1/devices/me/attributes");

            int pushed = 0;
            for (int i = 0; i < PUSHES; i++) {
                if (pushBlob(i)) {
                    pushed++;
                }
            }
            // 16 MiB of 64 KiB messages: the backlog's byte bound is reached first.
            assertTrue(pushed >= 250 && pushed <= 256, "pushed " + pushed);
            List<Event> refused = notSent("stuck");
            assertEquals(PUSHES - pushed, refused.size());
            assertTrue(refused.get(0).error().contains("has not acknowledged"), refused.get(0).error());

            assertBystanderServed(bystander);

            for (int i = 0; i < pushed; i++) {
                MqttPublishMessage update = (MqttPublishMessage) stuck.expect(MqttMessageType.PUBLISH);
                String payload = update.payload().toString(StandardCharsets.UTF_8);
                assertTrue(payload.startsWith("{\"i\":" + i + ","), "message " + i + " in order, got "
                    + payload.substring(0, Math.min(20, payload.length())));
                stuck.send(MqttMessageBuilders.pubAck().packetId(update.variableHeader().packetId()).build());
                update.release();
            }
            assertTrue(tb.setSharedAttributesJson("stuck", "{\"i\":-1}"), "the backlog is empty again");
            MqttPublishMessage after = (MqttPublishMessage) stuck.expect(MqttMessageType.PUBLISH);
            assertEquals("{\"i\":-1}", after.payload().toString(StandardCharsets.UTF_8));
            after.release();
        }
    }

    @Test
    void atQos0WhatTheDeviceCannotTakeIsDroppedAndSaidSo() throws Exception {
        try (RawMqtt stuck = new RawMqtt(port); MqttDevice bystander = connect("T2")) {
            stuck.connectWithToken("T1");
            subscribe(stuck, MqttQoS.AT_MOST_ONCE);
            bystander.subscribe(0, "v1/devices/me/attributes");

            int pushed = 0;
            for (int i = 0; i < PUSHES * 2 && notSent("stuck").isEmpty(); i++) {
                if (pushBlob(i)) {
                    pushed++;
                }
            }
            Event dropped = notSent("stuck").get(0);
            assertTrue(dropped.error().contains("the device is not reading"), dropped.error());
            assertTrue(pushed < PUSHES * 2, "the kernel's buffers filled before " + pushed + " pushes");

            assertBystanderServed(bystander);
            stuck.send(MqttMessage.PINGREQ);
            int received = 0;
            int last = -1;
            MqttMessage next;
            while ((next = stuck.next()) instanceof MqttPublishMessage update) {
                int index = updateIndex(update);
                assertTrue(index > last, "update " + index + " after " + last + ": in order");
                last = index;
                received++;
            }
            assertEquals(MqttMessageType.PINGRESP, next.fixedHeader().messageType(), "the session is alive");
            assertTrue(received > 0 && received <= pushed, received + " of " + pushed + " received");
        }
    }

    /** Pushes update {@code i}, 64 KiB, to the stuck device; whether it was sent. */
    private static boolean pushBlob(int i) {
        return tb.setSharedAttributesJson("stuck", "{\"i\":" + i + ",\"blob\":\"" + BLOB + "\"}");
    }

    /** Another device's push still arrives at once. */
    private static void assertBystanderServed(MqttDevice bystander) throws Exception {
        assertTrue(tb.setSharedAttributes("bystander", Map.of("still", "served")));
        assertEquals("{\"still\":\"served\"}", bystander.nextMessage().payload());
    }

    /** The {@code i} of an update {@code {"i":…,"blob":…}}. */
    private static int updateIndex(MqttPublishMessage update) {
        String payload = update.payload().toString(StandardCharsets.UTF_8);
        update.release();
        return Integer.parseInt(payload.substring("{\"i\":".length(), payload.indexOf(',')));
    }

    private static void subscribe(RawMqtt raw, MqttQoS qos) throws Exception {
        raw.send(MqttMessageBuilders.subscribe().messageId(1).addSubscription(qos, "v1/devices/me/attributes").build());
        raw.expect(MqttMessageType.SUBACK);
    }

    /** The journal's attribute updates to the device that say they were not sent. */
    private static List<Event> notSent(String device) {
        return tb.events(EventFilter.all().device(device).type(EventType.ATTRIBUTE_UPDATE)
                .limit(EventFilter.DEFAULT_LIMIT)).events().stream().filter(event -> event.error() != null).toList();
    }
}
