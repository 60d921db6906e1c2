package io.tbmock.server.internal.tb;

import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.ProvisionProfiles;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.ClaimRequest;
import io.tbmock.server.model.ClientRpcRequest;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceAttributes;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.DeviceState;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.SessionInfo;
import io.tbmock.server.model.TsValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** Devices as a test sees them, by name: made, listed, deleted, disconnected, and what they sent, read. */
public final class DeviceService {
    private final DeviceRegistry devices;
    private final SessionRegistry sessions;
    private final SyncPolls polls;
    private final DeviceFactory factory;
    private final ProvisionProfiles profiles;
    private final DeviceStates states;
    private final Exchanges exchanges;
    private final GatewayNotices notices;

    public DeviceService(DeviceRegistry devices, SessionRegistry sessions, SyncPolls polls, DeviceFactory factory,
                         ProvisionProfiles profiles, DeviceStates states, Exchanges exchanges, ServerRpcService rpc) {
        this.devices = devices;
        this.polls = polls;
        this.sessions = sessions;
        this.factory = factory;
        this.profiles = profiles;
        this.states = states;
        this.exchanges = exchanges;
        this.notices = new GatewayNotices(rpc);
    }

    /**
     * Creates a device; a minted certificate's private key is in the device returned, once, and not kept.
     *
     * @throws io.tbmock.server.InvalidRequestException a field is missing or invalid
     * @throws io.tbmock.server.NotFoundException       the provision profile named does not exist
     */
    public CompletableFuture<Device> create(NewDevice spec) {
        if (spec != null && spec.provisionProfile() != null) {
            profiles.require(spec.provisionProfile());
        }
        return factory.create(spec).thenApply(created -> {
            Device device = created.device().toDevice(false);
            if (created.mintedPrivateKeyPem() == null) {
                return device;
            }
            DeviceCredentials.X509 certificate = (DeviceCredentials.X509) device.credentials();
            return device.withCredentials(new DeviceCredentials.X509(certificate.certificatePem(),
                created.mintedPrivateKeyPem()));
        });
    }

    public List<Device> all() {
        return devices.all().stream().map(this::toDevice).collect(Collectors.toList());
    }

    /** @throws ConflictException the device is not a gateway */
    public List<Device> children(String gatewayName) {
        DeviceEntry gateway = devices.require(gatewayName);
        if (!gateway.gateway()) {
            throw new ConflictException("device '" + gatewayName + "' is not a gateway: it has no children");
        }
        return devices.all().stream().filter(device -> device.lastConnectedGateway() == gateway)
            .map(this::toDevice).collect(Collectors.toList());
    }

    /** @throws io.tbmock.server.NotFoundException no device has that name */
    public Device get(String name) {
        return toDevice(devices.require(name));
    }

    /** @throws io.tbmock.server.NotFoundException no device has that id */
    public Device getById(String id) {
        return toDevice(devices.requireById(id));
    }

    /**
     * Gives the device other credentials and closes its session, as ThingsBoard does when credentials change;
     * the device then connects with the new ones.
     *
     * @throws InvalidRequestException the credentials are incomplete, or a certificate to mint (give its PEM)
     * @throws ConflictException       another device holds such credentials
     */
    public Device updateCredentials(String name, DeviceCredentials credentials) {
        if (credentials instanceof DeviceCredentials.X509 x509 && x509.certificatePem() == null) {
            throw new InvalidRequestException("credentials", "new X.509 credentials need the certificate's PEM");
        }
        DeviceEntry device = devices.require(name);
        devices.replaceCredentials(device, credentials, CredentialsIds.of(credentials));
        SessionListener session = sessions.current(device.id());
        if (session != null) {
            session.close("the device's credentials were updated", ReasonCode.ADMINISTRATIVE_ACTION);
        }
        return toDevice(device);
    }

    /**
     * Gives the device another name, as saving a ThingsBoard device with its id and a new name does: its id,
     * credentials, session and everything recorded stay; the rename is journaled, and a gateway's child's gateway
     * is told ({@code gateway_device_renamed}), which then speaks of the child by its new name (the old one still
     * reaches the child's session on that gateway, as in ThingsBoard).
     *
     * @throws InvalidRequestException the new name is blank
     * @throws ConflictException       another device has that name
     */
    public Device rename(String name, String newName) {
        if (newName == null || newName.isBlank()) {
            throw new InvalidRequestException("name", "a device's name must not be blank");
        }
        DeviceEntry device = devices.require(name);
        if (newName.equals(name)) {
            return toDevice(device);
        }
        devices.rename(device, newName);
        SessionListener session = sessions.current(device.id());
        if (session != null) {
            session.onRenamed(newName);
        }
        exchanges.done(newName, EventType.RENAMED, JsonWriter.object(json -> json.field("oldName", name)
            .field("newName", newName)));
        notices.renamed(device, name);
        return toDevice(device);
    }

    /**
     * Deletes the device, closes its session and ends its HTTP polls; completes once the session is closed. What the session was
     * handling meanwhile is handled on its connection's thread before the close, so it is journaled by then. The
     * last gateway of a child is told ({@code gateway_device_deleted}), so it forgets the child.
     */
    public CompletableFuture<Void> delete(String name) {
        DeviceEntry removed = devices.remove(name);
        notices.deleted(removed);
        polls.deviceGone(removed.id());
        SessionListener session = sessions.current(removed.id());
        return session == null ? CompletableFuture.completedFuture(null)
            : session.close("the device was deleted", ReasonCode.ADMINISTRATIVE_ACTION).copy();
    }

    /** What ThingsBoard's device state service knows of the device. */
    public DeviceState state(String name) {
        return states.state(devices.require(name));
    }

    public SessionInfo session(String name) {
        SessionListener session = sessions.current(devices.require(name).id());
        return session == null ? SessionInfo.DISCONNECTED : session.info();
    }

    /**
     * Closes the device's connection: with {@link ReasonCode#NONE} as a network fault would, else after an
     * MQTT 5 DISCONNECT with that reason code (an MQTT 3.x connection just closes, as ThingsBoard's do).
     *
     * @throws InvalidRequestException the reason code is neither NONE nor 0–255
     * @throws ConflictException the device has no open session
     */
    public void disconnect(String name, int reasonCode) {
        if (reasonCode != ReasonCode.NONE && (reasonCode < 0 || reasonCode > 0xFF)) {
            throw new InvalidRequestException("reasonCode", "an MQTT 5 reason code is 0-255 (0x00-0xFF), got " + reasonCode);
        }
        SessionListener session = sessions.current(devices.require(name).id());
        if (session == null || !session.isOpen()) {
            throw new ConflictException("device '" + name + "' is not connected");
        }
        session.close(reasonCode == ReasonCode.NONE ? "disconnected through the API"
            : "disconnected through the API with reason code " + ReasonCode.hex(reasonCode), reasonCode);
    }

    public Map<String, List<TsValue>> telemetry(String name, String... keys) {
        return devices.require(name).telemetry().values(keySet(keys));
    }

    public Map<String, KvValue> latestTelemetry(String name, String... keys) {
        return devices.require(name).telemetry().latest(keySet(keys));
    }

    public DeviceAttributes attributes(String name) {
        DeviceEntry entry = devices.require(name);
        return new DeviceAttributes(entry.clientAttributes().snapshot(), entry.sharedAttributes().snapshot());
    }

    /** One scope of the device's attributes with their update times, in the order keys were first set. */
    public List<AttributeKv> attributes(String name, AttributeScope scope) {
        DeviceEntry entry = devices.require(name);
        switch (scope) {
            case CLIENT:
                return entry.clientAttributes().stamped();
            case SHARED:
                return entry.sharedAttributes().stamped();
            default:
                return entry.serverAttributes().stamped();
        }
    }

    /**
     * Stores telemetry as ThingsBoard's REST API saves it, in the forms a device may send ({@code {"k":v}},
     * {@code {"ts":…,"values":{…}}}, or an array of them); nothing reaches the device.
     *
     * @throws InvalidRequestException the text is not such telemetry
     */
    public void saveTelemetryJson(String name, String json) {
        DeviceEntry entry = devices.require(name);
        List<UploadParser.TsEntry> entries;
        try {
            entries = UploadParser.telemetry(DeviceJson.parse(json.getBytes(StandardCharsets.UTF_8)),
                System.currentTimeMillis());
        } catch (PayloadException e) {
            throw new InvalidRequestException("telemetry", "telemetry is " + e.getMessage());
        }
        entries.forEach(ts -> entry.telemetry().add(ts.ts(), ts.values()));
    }

    /**
     * Removes the keys' telemetry with {@code fromTs <= ts < toTs}.
     *
     * @return how many values were removed
     * @throws InvalidRequestException no key is named, or the range is empty
     */
    public int deleteTelemetry(String name, long fromTs, long toTs, String... keys) {
        if (keys.length == 0) {
            throw new InvalidRequestException("keys", "name at least one telemetry key to delete");
        }
        if (fromTs >= toTs) {
            throw new InvalidRequestException("startTs", "the range is empty: startTs " + fromTs + " is not before endTs "
                + toTs);
        }
        return devices.require(name).telemetry().remove(keySet(keys), fromTs, toTs);
    }

    public List<ClientRpcRequest> clientRpcRequests(String name) {
        return devices.require(name).clientRpc().all();
    }

    public Optional<ClaimRequest> claim(String name) {
        return devices.require(name).claim().current();
    }

    /** The keys asked for, each once (a key given twice is asked for once); empty means every key. */
    private static Set<String> keySet(String... keys) {
        return new LinkedHashSet<>(Arrays.asList(keys));
    }

    private Device toDevice(DeviceEntry entry) {
        return entry.toDevice(sessions.connected(entry.id()));
    }
}
