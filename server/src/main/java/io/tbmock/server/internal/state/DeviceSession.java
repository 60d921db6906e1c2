package io.tbmock.server.internal.state;

import io.tbmock.server.model.SessionInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One authenticated MQTT session of a device: who it is, what it subscribed to (the filters ThingsBoard
 * accepted, with their granted QoS, in subscription order) and how to reach its connection.
 */
public final class DeviceSession {
    private final DeviceEntry device;
    private final String clientId;
    private final int protocolVersion;
    private final long connectedAt;
    private final SessionControl control;
    private volatile boolean ready;
    // Guarded by this.
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();

    public DeviceSession(DeviceEntry device, String clientId, int protocolVersion, long connectedAt,
                         SessionControl control) {
        this.device = device;
        this.clientId = clientId;
        this.protocolVersion = protocolVersion;
        this.connectedAt = connectedAt;
        this.control = control;
    }

    public DeviceEntry device() {
        return device;
    }

    public String clientId() {
        return clientId;
    }

    /** Past CONNACK and able to receive: from here on the device counts as connected. */
    public boolean ready() {
        return ready;
    }

    public void markReady() {
        ready = true;
    }

    public synchronized void subscribe(String filter, int grantedQos) {
        subscriptions.put(filter, grantedQos);
    }

    /** @return whether the filter was subscribed */
    public synchronized boolean unsubscribe(String filter) {
        return subscriptions.remove(filter) != null;
    }

    /** @return completes once the connection is closed and its DISCONNECT is journaled */
    public CompletableFuture<Void> close(String reason) {
        return control.close(reason);
    }

    public synchronized SessionInfo info() {
        return new SessionInfo(ready, clientId, connectedAt, protocolVersion, new ArrayList<>(subscriptions.keySet()));
    }
}
