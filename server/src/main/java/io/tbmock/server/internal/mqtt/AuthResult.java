package io.tbmock.server.internal.mqtt;

import io.tbmock.server.internal.state.DeviceEntry;

/** The outcome of authenticating a CONNECT: a device, or the refusal to send. */
public record AuthResult(DeviceEntry device, ConnectRefusal refusal, String reason) {

    static AuthResult accepted(DeviceEntry device) {
        return new AuthResult(device, null, null);
    }

    static AuthResult refused(ConnectRefusal refusal, String reason) {
        return new AuthResult(null, refusal, reason);
    }

    public boolean isAccepted() {
        return device != null;
    }
}
