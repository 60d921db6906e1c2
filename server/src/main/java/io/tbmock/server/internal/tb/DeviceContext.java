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

    /** This context speaking {@code codec} for one exchange (an MQTT topic family can force a format). */
    default DeviceContext speaking(PayloadCodec codec) {
        return codec == codec() ? this : new Speaking(this, codec);
    }

    /** A context with another codec; everything else is the context's. */
    record Speaking(DeviceContext context, PayloadCodec codec) implements DeviceContext {
        @Override
        public DeviceEntry device() {
            return context.device();
        }

        @Override
        public String clientId() {
            return context.clientId();
        }

        @Override
        public String gatewayName() {
            return context.gatewayName();
        }

        @Override
        public String transport() {
            return context.transport();
        }

        @Override
        public DeviceContext speaking(PayloadCodec other) {
            return context.speaking(other);
        }
    }
}
