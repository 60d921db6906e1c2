package io.tbmock.server;

import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.ClientRpcStub;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.Event;
import io.tbmock.server.model.EventFilter;
import io.tbmock.server.model.EventPage;
import io.tbmock.server.model.Fault;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.NewFault;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.ServerRpc;
import io.tbmock.server.model.ServerStats;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The handle a test drives the mock with: set devices up, read what they sent, wait for what they do,
 * reset. The admin REST API is a thin HTTP mapping of this interface. Devices are addressed by name.
 *
 * <p>Every method is thread-safe. The {@code await…} methods block the calling thread (never a server
 * thread) up to the given timeout and throw {@link WaitTimeoutException} naming what was expected and what
 * arrived instead; the {@code …Async} forms return futures and block nothing. Once the server has stopped,
 * every call fails at once with a {@link TbMockException} saying so, and waits in progress end with it.
 */
public interface TbMock {

    // --- server -----------------------------------------------------------------------------------------

    /**
     * Forgets everything: devices, provision profiles, OTA packages, recorded data, events and client-RPC
     * stubs; closes every MQTT session. Returns once the sessions are closed, so nothing of them shows up
     * afterwards.
     */
    void reset();

    /** {@link #reset()} without blocking: completes once done. */
    CompletableFuture<Void> resetAsync();

    /**
     * The CA certificate (PEM) that signed the MQTTS server certificate and mints devices' client
     * certificates: what a device under test trusts.
     */
    String caCertificatePem();

    /** {@link #caCertificatePem()} without blocking: the CA may still be in the making just after start. */
    CompletableFuture<String> caCertificatePemAsync();

    /** What the mock holds and what its bounded stores dropped, counted since the last reset. */
    ServerStats stats();

    /**
     * Forgets recorded data only (telemetry, client attributes, RPCs, client RPCs, claims, events); devices,
     * shared attributes, stubs and sessions stay. Unfinished RPCs end as FAILED.
     */
    void resetData();

    // --- devices ----------------------------------------------------------------------------------------

    /**
     * Creates a device. With {@link DeviceCredentials#x509()} the server mints a client certificate (CN = the
     * device's name); the device returned here carries its private key, which is not kept.
     *
     * @throws InvalidRequestException a field is missing or invalid
     * @throws ConflictException       the name or the credentials are already taken
     */
    Device createDevice(NewDevice device);

    /**
     * {@link #createDevice} without blocking: minting a certificate waits for the CA, which is made in the
     * background at start. Completes with the device or with the {@link TbMockException} that refused it.
     */
    CompletableFuture<Device> createDeviceAsync(NewDevice device);

    List<Device> devices();

    /** @throws NotFoundException no device has that name */
    Device device(String name);

    /** The device with this {@link Device#id()}. @throws NotFoundException no device has that id */
    Device deviceById(String id);

    /**
     * Gives the device other credentials and closes its MQTT session, as ThingsBoard does when a device's
     * credentials change; the device then connects with the new ones.
     *
     * @throws InvalidRequestException the credentials are incomplete, or an X.509 credential has no certificate
     * @throws ConflictException       another device holds such credentials
     */
    Device updateCredentials(String device, DeviceCredentials credentials);

    /**
     * The devices a gateway connected as its children (docs/thingsboard-mqtt.md §11): those it last connected, oldest first. A
     * child's {@code connected} is its session on the gateway's connection.
     *
     * @throws NotFoundException no device has that name
     * @throws ConflictException the device is not a gateway
     */
    List<Device> children(String gateway);

    /**
     * Gives the device another name, as saving a ThingsBoard device with its id and a new name does: its id,
     * credentials, session and everything recorded stay, and later events carry the new name. The rename is
     * journaled ({@code RENAMED}); a gateway's child's last gateway gets ThingsBoard's one-way RPC
     * {@code gateway_device_renamed} with {@code {"<old name>":"<new name>"}}.
     *
     * @throws NotFoundException       no device has that name
     * @throws InvalidRequestException the new name is blank
     * @throws ConflictException       another device has the new name
     */
    Device renameDevice(String name, String newName);

    /**
     * Deletes the device and closes its MQTT session; returns once the session is closed, so nothing of the
     * device (a publish it had in flight, say) is journaled afterwards but that session's DISCONNECT. A gateway's
     * child's last gateway gets ThingsBoard's one-way RPC {@code gateway_device_deleted} with the child's name.
     *
     * @throws NotFoundException no device has that name
     */
    void deleteDevice(String name);

    /** {@link #deleteDevice}, completing once the device's session is closed. */
    CompletableFuture<Void> deleteDeviceAsync(String name);

    /**
     * What ThingsBoard's device state service knows of the device: whether it is {@code active}, and when it
     * last connected, disconnected and did something; the same values as its server-scope attributes of those
     * names. A device is active from its CONNECT on; turning inactive, and active again after that, is journaled
     * ({@code INACTIVE}, {@code ACTIVE}): wait on those events.
     *
     * @throws NotFoundException no device has that name
     */
    DeviceState deviceState(String device);

    /** The device's MQTT session, {@link SessionInfo#DISCONNECTED} when it has none. */
    SessionInfo session(String device);

    /**
     * Closes the device's MQTT connection now, as a network fault would.
     *
     * @throws ConflictException the device is not connected
     */
    void disconnect(String device);

    /**
     * Closes the device's MQTT connection the way ThingsBoard closes an MQTT 5 session: a DISCONNECT with
     * {@code reasonCode} (0x00–0xFF, for example 0x8E "session taken over" or 0x98 "administrative action"),
     * then the close. An MQTT 3.x device gets no DISCONNECT, as from ThingsBoard: its connection just closes.
     *
     * @throws InvalidRequestException the reason code is not 0–255
     * @throws ConflictException the device is not connected
     */
    void disconnect(String device, int reasonCode);

    // --- provisioning ------------------------------------------------------------------------------------

    /**
     * Adds a provision profile: devices that connect as {@code provision} and send its key and secret are
     * answered by its strategy (docs/thingsboard-mqtt.md §9).
     *
     * @throws InvalidRequestException the name, key or secret is missing
     * @throws ConflictException       the name or the key is taken
     */
    ProvisionProfile createProvisionProfile(ProvisionProfile profile);

    List<ProvisionProfile> provisionProfiles();

    /** @throws NotFoundException no profile has that name */
    void deleteProvisionProfile(String name);

    // --- device profiles ---------------------------------------------------------------------------------

    /**
     * Creates or replaces the device profile of that name: devices whose type is its name are served by its MQTT
     * transport configuration (custom topics, protobuf; docs/device-profiles.md). A replaced profile applies to
     * their sessions at once, as ThingsBoard applies a profile update without a reconnect.
     *
     * @throws InvalidRequestException a protobuf schema ThingsBoard would refuse, with ThingsBoard's message
     */
    DeviceProfile saveDeviceProfile(DeviceProfile profile);

    /** Every saved device profile, oldest first. */
    List<DeviceProfile> deviceProfiles();

    /** @throws NotFoundException no profile has that name */
    DeviceProfile deviceProfile(String name);

    /** Its devices are served by the default profile again. @throws NotFoundException no profile has that name */
    void deleteDeviceProfile(String name);

    // --- faults ------------------------------------------------------------------------------------------

    /**
     * Injects a fault: from now on it bites the matching devices and packets, until it is spent or removed
     * (docs/faults.md). Each firing is journaled as a {@code FAULT} event.
     *
     * @throws InvalidRequestException a parameter the kind needs is missing or out of range, or the kind means nothing
     *                                 on the fault's transport (an HTTP fault acting on MQTT packets)
     */
    Fault addFault(NewFault fault);

    /** Every fault in force, oldest first, with how often each has fired. */
    List<Fault> faults();

    /**
     * The fault with that id: in force, or ended lately (spent, expired or removed), with how often it fired.
     *
     * @throws NotFoundException no such fault (or a reset forgot it)
     */
    Fault fault(String id);

    /**
     * Waits until the fault has fired {@code firings} times (a spent fault answers at once with its count), as a
     * test waits for the failure it injected before asserting the device's recovery.
     *
     * @throws NotFoundException    no such fault
     * @throws WaitTimeoutException it had not fired that often within the timeout
     */
    Fault awaitFault(String id, int firings, Duration timeout);

    /** {@link #awaitFault} as a future: it fails with a {@link WaitTimeoutException} at the timeout. */
    CompletableFuture<Fault> awaitFaultAsync(String id, int firings, Duration timeout);

    /** @throws NotFoundException no fault has that id (it may be spent) */
    void removeFault(String id);

    void clearFaults();

    // --- OTA --------------------------------------------------------------------------------------------

    /**
     * Uploads a firmware or software package. Its checksum is computed as ThingsBoard prints it, unless one is
     * given (a wrong one, to test a device's verification, is kept as given).
     *
     * @throws InvalidRequestException a field is missing, or a binary package has no bytes
     * @throws ConflictException       a package of the type with that title and version exists
     */
    OtaPackage uploadOtaPackage(NewOtaPackage spec, byte[] data);

    List<OtaPackage> otaPackages();

    /** @throws NotFoundException no package has that id */
    OtaPackage otaPackage(String packageId);

    /** @throws ConflictException a device has it assigned */
    void deleteOtaPackage(String packageId);

    /**
     * Assigns a package to the device: the {@code fw_*} (or {@code sw_*}) shared attributes are set and pushed
     * as ThingsBoard does, and chunk requests are answered from it, with the faults given.
     *
     * @return whether the attributes were pushed to the device
     * @throws ConflictException the device is a gateway's child: it downloads nothing over MQTT itself
     */
    boolean assignOtaPackage(String device, String packageId, OtaFaults faults);

    default boolean assignOtaPackage(String device, String packageId) {
        return assignOtaPackage(device, packageId, OtaFaults.NONE);
    }

    /** Un-assigns the type's package: its nine attributes are deleted and the deletion pushed. */
    boolean unassignOtaPackage(String device, OtaPackageType type);

    /** How the device's update of that type goes, if a package is assigned. */
    Optional<OtaProgress> otaProgress(String device, OtaPackageType type);

    /** Waits until the device's {@code fw_state} (or {@code sw_state}) has been {@code state} since the assignment. */
    OtaProgress awaitOtaState(String device, OtaPackageType type, String state, Duration timeout);

    /** {@link #awaitOtaState} as a future: it fails with a {@link WaitTimeoutException} at the timeout. */
    CompletableFuture<OtaProgress> awaitOtaStateAsync(String device, OtaPackageType type, String state,
                                                      Duration timeout);

    default OtaProgress awaitFirmwareState(String device, String state, Duration timeout) {
        return awaitOtaState(device, OtaPackageType.FIRMWARE, state, timeout);
    }

    // --- recorded data ----------------------------------------------------------------------------------

    /** Every telemetry value received, per key, oldest first; only the given keys when any are given. */
    Map<String, List<TsValue>> telemetry(String device, String... keys);

    /** The latest value of each telemetry key; only the given keys when any are given. */
    Map<String, KvValue> latestTelemetry(String device, String... keys);

    DeviceAttributes attributes(String device);

    /** One scope of the device's attributes with their update times, in the order keys were first set. */
    List<AttributeKv> attributes(String device, AttributeScope scope);

    /**
     * Stores telemetry as ThingsBoard's REST API saves it ({@code {"k":v}}, {@code {"ts":…,"values":{…}}} or an
     * array of them), typed as device telemetry is; nothing reaches the device and nothing is journaled.
     *
     * @throws InvalidRequestException the text is not such telemetry
     */
    void saveTelemetryJson(String device, String json);

    /**
     * Removes the keys' telemetry values with {@code fromTs <= ts < toTs} ({@code Long.MIN_VALUE} and
     * {@code Long.MAX_VALUE} for all of them); the latest value is then the newest one left.
     *
     * @return how many values were removed
     * @throws InvalidRequestException no key is named, or the range is empty
     */
    int deleteTelemetry(String device, long fromTs, long toTs, String... keys);

    /**
     * Stores server-scope attributes (ThingsBoard's {@code SERVER_SCOPE}), typed as shared ones are; the device
     * never sees them.
     *
     * @throws InvalidRequestException not a JSON object, or nothing to set
     */
    void setServerAttributesJson(String device, String jsonObject);

    /**
     * Removes attributes of one scope (unknown keys are ignored); a shared deletion is pushed as
     * {@link #deleteSharedAttributes} pushes it.
     *
     * @return whether a deletion was pushed to the device
     */
    boolean deleteAttributes(String device, AttributeScope scope, String... keys);

    /**
     * Stores client attributes as if the device had sent them (typed as ThingsBoard types uploads), for a test
     * that starts from a device's known state; nothing is sent to the device or journaled.
     *
     * @throws InvalidRequestException not a JSON object, or nothing to set
     */
    void setClientAttributesJson(String device, String jsonObject);

    // --- shared attributes ------------------------------------------------------------------------------

    /**
     * Stores shared attributes and pushes them to the device, as {@code {"k":v,…}} on its attribute topic, if
     * it is subscribed to attribute updates. Values are typed as ThingsBoard types them ({@code "42"} becomes
     * the long 42); a {@link KvValue} is stored as it is; maps and lists become JSON.
     *
     * @return whether the update was pushed to the device
     */
    boolean setSharedAttributes(String device, Map<String, ?> values);

    /** {@link #setSharedAttributes} with the values given as a JSON object's text. */
    boolean setSharedAttributesJson(String device, String jsonObject);

    /**
     * Removes shared attributes and pushes {@code {"deleted":["k",…]}} if the device is subscribed.
     *
     * @return whether the deletion was pushed to the device
     */
    boolean deleteSharedAttributes(String device, String... keys);

    // --- server-side RPC --------------------------------------------------------------------------------

    /**
     * Sends an RPC to the device and returns at once, with status QUEUED: it goes out as soon as the device
     * is connected and subscribed to {@code v1/devices/me/rpc/request/+} (or a v2 form).
     */
    ServerRpc submitRpc(String device, RpcRequest request);

    /**
     * Sends an RPC and completes when it is final: SUCCESSFUL (two-way, replied), DELIVERED (one-way), or
     * TIMEOUT / FAILED.
     */
    CompletableFuture<ServerRpc> sendRpcAsync(String device, RpcRequest request);

    /** {@link #sendRpcAsync} blocking until the RPC is final; a timeout is a TIMEOUT status, not an exception. */
    ServerRpc sendRpc(String device, RpcRequest request);

    /** Every server-side RPC sent to the device, oldest first. */
    List<ServerRpc> rpcs(String device);

    /** @throws NotFoundException the device has no RPC with that id */
    ServerRpc rpc(String device, int id);

    /** Waits until the RPC is final (for a two-way RPC: the device replied, or it timed out). */
    ServerRpc awaitRpcResponse(String device, int id, Duration timeout);

    // --- client-side RPC --------------------------------------------------------------------------------

    /** Answers client-side RPCs of a method; without a stub a device gets {@code {"error":"timeout"}} late. */
    void stubClientRpc(ClientRpcStub stub);

    /** The stubs in place, oldest first. */
    List<ClientRpcStub> clientRpcStubs();

    void clearClientRpcStubs();

    /** The client-side RPCs the device sent, oldest first. */
    List<ClientRpcRequest> clientRpcRequests(String device);

    /** Waits until the device has sent a client-side RPC of the method; returns the latest such request. */
    ClientRpcRequest awaitClientRpc(String device, String method, Duration timeout);

    // --- attribute requests and claiming ---------------------------------------------------------------

    /** Waits until the device has requested attributes; returns the first such request's event. */
    Event awaitAttributeRequest(String device, Duration timeout);

    /** The device's claiming request, if it sent one. */
    Optional<ClaimRequest> claim(String device);

    /** Waits until the device has sent a claiming request. */
    ClaimRequest awaitClaim(String device, Duration timeout);

    // --- event journal ----------------------------------------------------------------------------------

    /** The events recorded so far that match, at once. */
    EventPage events(EventFilter filter);

    /**
     * Completes as soon as at least one matching event exists, with the matching events; or, when the
     * timeout passes first, with an empty page.
     */
    CompletableFuture<EventPage> eventsAsync(EventFilter filter, Duration timeout);

    /** Waits for the first event that matches and returns it. */
    Event awaitEvent(EventFilter filter, Duration timeout);

    /**
     * Tells {@code listener} of every event recorded from now on, in order, on one thread of the server's
     * (never an MQTT event loop): what the launcher's console log prints. A listener must not block; it is
     * heard until removed, resets included. Listeners that fall 10,000 events behind (a flood) are not told the
     * next ones, which stay in the journal; a warning says how many. Events come in batches, as many as
     * arrived meanwhile; a listener that is also a {@link java.io.Flushable} is flushed after each batch (a
     * console writes the batch in one go).
     */
    void addEventListener(Consumer<Event> listener);

    void removeEventListener(Consumer<Event> listener);

    /** Waits until the device's session is open and ready; returns at once if it already is. */
    SessionInfo awaitConnected(String device, Duration timeout);

    /** Waits until the device has no open session; returns at once if it has none. */
    void awaitDisconnected(String device, Duration timeout);

    /** Waits until the device has uploaded the client attribute; returns its value (at once if it has one). */
    default KvValue awaitClientAttribute(String device, String key, Duration timeout) {
        return awaitClientAttribute(device, key, value -> true, timeout);
    }

    /** Waits until the device's client attribute has a value that matches, and returns it. */
    KvValue awaitClientAttribute(String device, String key, Predicate<KvValue> matcher, Duration timeout);

    /** Waits until the device has sent a value of the key; returns the latest (at once if one exists). */
    default TsValue awaitTelemetry(String device, String key, Duration timeout) {
        return awaitTelemetry(device, key, value -> true, timeout);
    }

    /** Waits until the device has sent a value of the key that matches, and returns that value. */
    TsValue awaitTelemetry(String device, String key, Predicate<KvValue> matcher, Duration timeout);
}
