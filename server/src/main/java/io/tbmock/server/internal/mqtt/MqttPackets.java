package io.tbmock.server.internal.mqtt;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubAckMessage;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscribePayload;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The MQTT packets the front builds itself. Reason codes are given whatever the session's version: Netty's
 * encoder writes them only on a connection whose CONNECT was MQTT 5, as ThingsBoard's packets are written.
 */
final class MqttPackets {
    static final MqttMessage PINGRESP = new MqttMessage(fixed(MqttMessageType.PINGRESP, MqttQoS.AT_MOST_ONCE));

    private MqttPackets() {
    }

    static MqttConnAckMessage connAck(int returnCode, boolean sessionPresent) {
        return new MqttConnAckMessage(fixed(MqttMessageType.CONNACK, MqttQoS.AT_MOST_ONCE),
            new MqttConnAckVariableHeader(MqttConnectReturnCode.valueOf((byte) returnCode), sessionPresent));
    }

    static MqttPubAckMessage pubAck(int packetId, int reasonCode) {
        return new MqttPubAckMessage(fixed(MqttMessageType.PUBACK, MqttQoS.AT_MOST_ONCE),
            new MqttPubReplyMessageVariableHeader(packetId, (byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }

    static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
        return new MqttSubAckMessage(fixed(MqttMessageType.SUBACK, MqttQoS.AT_MOST_ONCE),
            MqttMessageIdVariableHeader.from(packetId), new MqttSubAckPayload(codes));
    }

    static MqttUnsubAckMessage unsubAck(int packetId, List<Short> reasonCodes) {
        return new MqttUnsubAckMessage(fixed(MqttMessageType.UNSUBACK, MqttQoS.AT_MOST_ONCE),
            MqttMessageIdVariableHeader.from(packetId), new MqttUnsubAckPayload(reasonCodes));
    }

    /** A server DISCONNECT; only MQTT 5 has one (docs/thingsboard-mqtt.md §1.6). */
    static MqttMessage disconnect(int reasonCode) {
        return new MqttMessage(fixed(MqttMessageType.DISCONNECT, MqttQoS.AT_MOST_ONCE),
            new MqttReasonCodeAndPropertiesVariableHeader((byte) reasonCode, MqttProperties.NO_PROPERTIES));
    }

    static MqttSubscribeMessage subscribe(int packetId, String filter, MqttQoS qos) {
        return new MqttSubscribeMessage(fixed(MqttMessageType.SUBSCRIBE, MqttQoS.AT_LEAST_ONCE),
            MqttMessageIdVariableHeader.from(packetId),
            new MqttSubscribePayload(List.of(new MqttTopicSubscription(filter, qos))));
    }

    /**
     * The CONNECT the engine sees for an authenticated device: the device id as client id (so a second
     * session of the device takes the first over) and as username, the nonce as password, a clean session, no
     * will, and no keep-alive (ThingsBoard does not enforce it; the front applies its inactivity rule). Moquette
     * keeps the username with the connection for its life and drops the password: the nonce in the username
     * cost every session a string of its own (48 bytes).
     */
    static MqttConnectMessage engineConnect(MqttConnectMessage original, String deviceId, String nonce) {
        int level = original.variableHeader().version();
        MqttVersion version = level == MqttVersion.MQTT_3_1.protocolLevel() ? MqttVersion.MQTT_3_1 : MqttVersion.MQTT_3_1_1;
        MqttConnectVariableHeader header = new MqttConnectVariableHeader(version.protocolName(),
            version.protocolLevel(), true, true, false, 0, false, true, 0);
        return new MqttConnectMessage(fixed(MqttMessageType.CONNECT, MqttQoS.AT_MOST_ONCE), header,
            new MqttConnectPayload(deviceId, null, null, (byte[]) null, deviceId,
                nonce.getBytes(StandardCharsets.US_ASCII)));
    }

    private static MqttFixedHeader fixed(MqttMessageType type, MqttQoS qos) {
        return new MqttFixedHeader(type, false, qos, false, 0);
    }
}
