package io.tbmock.server.internal.tb;

import io.tbmock.server.internal.state.DeviceEntry;

/**
 * Who did something, as the journal names it, whatever the transport: the device, the connection or gateway it
 * spoke through, and the transport (ThingsBoard's SessionInfoProto carries the same).
 */
public interface DeviceContext {
    DeviceEntry device();

    /** The MQTT client id the device sent; null for a transport that has none (HTTP). */
    String clientId();

    /** The gateway whose connection carried a child's exchange; null for a device's own. */
    String gatewayName();

    /** {@link io.tbmock.server.model.Event#MQTT} or {@link io.tbmock.server.model.Event#HTTP}. */
    String transport();

    /** The payload format the device speaks here. */
    PayloadCodec codec();
}
