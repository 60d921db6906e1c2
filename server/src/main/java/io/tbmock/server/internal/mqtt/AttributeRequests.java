package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.mqtt.Topics.Family;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.tb.AttributeService;
import io.tbmock.server.internal.tb.DeviceContext;
import io.tbmock.server.internal.tb.Exchanges;
import io.tbmock.server.internal.tb.JsonWriter;
import io.tbmock.server.internal.tb.PayloadCodec;
import io.tbmock.server.internal.tb.PayloadException;
import io.tbmock.server.internal.tb.RequestedKeys;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Attribute requests over MQTT (docs/thingsboard-mqtt.md §5): a device's on {@code …/attributes/request/{id}}, answered on the
 * response topic of the request's family, and a gateway's for one of its children, answered on
 * {@code v1/gateway/attributes/response}.
 */
final class AttributeRequests {
    private final Exchanges exchanges;
    private final MqttDownlinks downlinks;
    private final LongSupplier clock;

    AttributeRequests(Exchanges exchanges, MqttDownlinks downlinks, LongSupplier clock) {
        this.exchanges = exchanges;
        this.downlinks = downlinks;
        this.clock = clock;
    }

    /**
     * {@code …/attributes/request/{id}}: answered with no subscription needed. {@code {}} asks for every client
     * and shared attribute; keys lists are split on commas without trimming; empty sections are left out.
     */
    UplinkResult request(DeviceSession session, DeviceContext speaking, UplinkTopic uplink, String topic,
                         byte[] payload) {
        int requestId;
        RequestedKeys keys;
        try {
            requestId = uplink.requestId();
            keys = speaking.codec().attributeRequest(payload);
        } catch (PayloadException e) {
            return UplinkResult.refused(e.caught()); // ThingsBoard's adaptor catches every runtime error here
        }
        session.attributeRequested(uplink.family());
        exchanges.received(speaking, EventType.ATTRIBUTE_REQUEST, topic, payload, null);
        Family family = session.attributeResponses();
        PayloadCodec codec = session.downlinkCodec(family);
        byte[] response = AttributeService.selection(session.device(), codec, requestId, keys);
        downlinks.sendEncoded(session, codec, EventType.ATTRIBUTE_RESPONSE, family.attributeResponse(requestId), response,
            null);
        return UplinkResult.ACK;
    }

    /**
     * A gateway asks for one scope of a child's attributes (docs/thingsboard-mqtt.md §11.2): the answer on
     * {@code v1/gateway/attributes/response} is {@code {"id","device","value"}} when one key was asked and
     * found, {@code {"id","device","values":{…}}} otherwise, with neither when nothing was found. No keys asks
     * for every client and shared attribute, each scope then answered as if one key had been asked.
     */
    void gatewayRequest(DeviceSession child, String topic, String text, int id, boolean client, List<String> keys) {
        exchanges.received(child, EventType.ATTRIBUTE_REQUEST, topic, text, null);
        DeviceEntry device = child.device();
        Set<String> asked = new LinkedHashSet<>(keys);
        List<Map<String, KvValue>> found = new ArrayList<>();
        if (asked.isEmpty()) {
            found.add(device.clientAttributes().snapshot());
            found.add(device.sharedAttributes().snapshot());
        } else {
            found.add(AttributeService.select((client ? device.clientAttributes() : device.sharedAttributes()).snapshot(),
                asked));
        }
        boolean manyAsked = asked.size() > 1;
        if (child.viaProtobufGateway()) { // the scopes' lists as they are, ThingsBoard's protobuf has room for both
            Map<String, KvValue> clientFound = asked.isEmpty() || client ? found.get(0) : Map.of();
            Map<String, KvValue> sharedFound = asked.isEmpty() ? found.get(1) : client ? Map.of() : found.get(0);
            downlinks.sendProtobuf(child, EventType.ATTRIBUTE_RESPONSE, Topics.GATEWAY_ATTRIBUTE_RESPONSE,
                GatewayProtobuf.attributeResponse(device.name(), id, manyAsked, clientFound, sharedFound,
                    clock.getAsLong()), null);
            return;
        }
        String response = JsonWriter.object(json -> {
            json.field("id", id).field("device", device.name());
            Map<String, KvValue> values = new LinkedHashMap<>();
            KvValue single = null;
            for (Map<String, KvValue> scope : found) {
                if (scope.size() == 1 && !manyAsked) {
                    single = scope.values().iterator().next(); // a later scope's single value replaces it
                } else {
                    values.putAll(scope);
                }
            }
            if (single != null) {
                json.value("value", single);
            }
            if (!values.isEmpty()) {
                json.values("values", values);
            }
        });
        downlinks.send(child, EventType.ATTRIBUTE_RESPONSE, Topics.GATEWAY_ATTRIBUTE_RESPONSE, response);
    }
}
