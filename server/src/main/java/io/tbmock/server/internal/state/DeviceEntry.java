package io.tbmock.server.internal.state;

import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.OtaPackageType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A device and everything recorded about it. Its id never changes; its name changes only through
 * {@link DeviceRegistry#rename}; the stores are thread-safe on their own.
 */
public final class DeviceEntry {
    private final String id;
    private volatile String name;
    private final String type;
    private final boolean gateway;
    // Replaced together, under the registry's lock, when the credentials are updated.
    private volatile DeviceCredentials credentials;
    private volatile String credentialsId;
    private final long createdAt;
    private final String provisionProfile;
    private final AtomicReference<String> provisionedBy = new AtomicReference<>();
    private volatile DeviceEntry lastConnectedGateway;
    private volatile boolean removed;
    private final TelemetryStore telemetry;
    private final AttributeStore clientAttributes = new AttributeStore();
    private final AttributeStore sharedAttributes = new AttributeStore();
    private final AttributeStore serverAttributes = new AttributeStore();
    private final RpcStore rpc;
    private final ClientRpcLog clientRpc;
    private final ClaimStore claim = new ClaimStore();
    private final DeviceActivity activity = new DeviceActivity();
    private final Map<OtaPackageType, OtaAssignment> ota = new ConcurrentHashMap<>();

    /**
     * @param credentialsId    the key ThingsBoard looks the credentials up by (docs/thingsboard-mqtt.md §2.2), unique across devices
     * @param provisionProfile the provision profile the device belongs to, or null
     */
    public DeviceEntry(String id, String name, String type, boolean gateway, DeviceCredentials credentials,
                       String credentialsId, long createdAt, String provisionProfile, int maxValuesPerKey) {
        this.id = id;
        this.name = name;
        this.type = type;
        this.gateway = gateway;
        this.credentials = credentials;
        this.credentialsId = credentialsId;
        this.createdAt = createdAt;
        this.provisionProfile = provisionProfile;
        this.telemetry = new TelemetryStore(maxValuesPerKey);
        this.rpc = new RpcStore(maxValuesPerKey);
        this.clientRpc = new ClientRpcLog(maxValuesPerKey);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Only {@link DeviceRegistry#rename} calls this, so the lookup by name stays true. */
    void name(String newName) {
        name = newName;
    }

    /** The device profile's name. */
    public String type() {
        return type;
    }

    public boolean gateway() {
        return gateway;
    }

    public DeviceCredentials credentials() {
        return credentials;
    }

    public String credentialsId() {
        return credentialsId;
    }

    /** Only {@link DeviceRegistry#replaceCredentials} calls this, so the lookup by credentials stays true. */
    void credentials(DeviceCredentials newCredentials, String newCredentialsId) {
        credentials = newCredentials;
        credentialsId = newCredentialsId;
    }

    public long createdAt() {
        return createdAt;
    }

    public String provisionProfile() {
        return provisionProfile;
    }

    /**
     * Marks the device provisioned through the profile, as ThingsBoard's {@code provisionState} attribute.
     *
     * @return false when it already was: a device provisions once
     */
    public boolean markProvisioned(String profile) {
        return provisionedBy.compareAndSet(null, profile);
    }

    public TelemetryStore telemetry() {
        return telemetry;
    }

    public AttributeStore clientAttributes() {
        return clientAttributes;
    }

    public AttributeStore sharedAttributes() {
        return sharedAttributes;
    }

    /** Attributes of the server side that the device never sees (ThingsBoard's SERVER_SCOPE). */
    public AttributeStore serverAttributes() {
        return serverAttributes;
    }

    /** Server-side RPCs sent to the device. */
    public RpcStore rpc() {
        return rpc;
    }

    /** Client-side RPCs the device sent. */
    public ClientRpcLog clientRpc() {
        return clientRpc;
    }

    public ClaimStore claim() {
        return claim;
    }

    /** What ThingsBoard's device state service knows of the device (active, connect and activity times). */
    public DeviceActivity activity() {
        return activity;
    }

    /** The package assigned for the type, or null. */
    public OtaAssignment ota(OtaPackageType type) {
        return ota.get(type);
    }

    /** Assigns (or, with null, un-assigns) a package; returns the assignment it replaces, or null. */
    public OtaAssignment assign(OtaPackageType type, OtaAssignment assignment) {
        return assignment == null ? ota.remove(type) : ota.put(type, assignment);
    }

    /** The device was deleted, or forgotten by a reset: nothing more is recorded or journaled for it. */
    public void markRemoved() {
        removed = true;
    }

    public boolean removed() {
        return removed;
    }

    /** Forgets what was exchanged with the device; what the test set up (shared, server attributes) stays. */
    public void clearRecordedData() {
        telemetry.clear();
        clientAttributes.clear();
        rpc.clear();
        clientRpc.clear();
        claim.clear();
        ota.values().forEach(OtaAssignment::clearProgress);
    }

    /**
     * The gateway that last connected this device as its child (ThingsBoard keeps its id in the device's
     * {@code additionalInfo.lastConnectedGateway}), or null; it may have been deleted since.
     */
    public DeviceEntry lastConnectedGateway() {
        return lastConnectedGateway;
    }

    public void connectedThrough(DeviceEntry gateway) {
        lastConnectedGateway = gateway;
    }

    public Device toDevice(boolean connected) {
        return new Device(id, name, type, gateway, credentials, connected, createdAt, provisionProfile,
            provisionedBy.get(), lastConnectedGateway == null ? null : lastConnectedGateway.name());
    }
}
