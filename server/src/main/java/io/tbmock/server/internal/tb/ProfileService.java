package io.tbmock.server.internal.tb;

import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.internal.tb.proto.JsonCompatibleCodec;
import io.tbmock.server.internal.tb.proto.ProfileSchemas;
import io.tbmock.server.internal.tb.proto.ProtoCodec;
import io.tbmock.server.internal.tb.proto.SchemaException;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.MqttTransportConfiguration;
import io.tbmock.server.model.ProtobufPayload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Device profiles' transport settings (docs/device-profiles.md): saved as ThingsBoard saves them (protobuf schemas
 * checked, with its messages), and served to the devices whose type is a profile's name. Sessions look their
 * profile up for every message, so a saved change applies to them at once, as ThingsBoard updates live sessions.
 */
public final class ProfileService {
    private final ServedProfile defaultProfile;
    private final LongSupplier clock;
    // Guarded by this; read without it through the volatile snapshot.
    private final Map<String, ServedProfile> byName = new LinkedHashMap<>();
    private volatile Map<String, ServedProfile> snapshot = Map.of();

    public ProfileService(LongSupplier clock) {
        this.clock = clock;
        this.defaultProfile = new ServedProfile(new DeviceProfile("default", DeviceProfile.DEFAULT, null),
            MqttTransportConfiguration.json(), JsonCodec.INSTANCE, JsonCodec.INSTANCE, JsonCodec.INSTANCE,
            new ProtoCodec(null, clock));
    }

    /** @throws InvalidRequestException a schema ThingsBoard refuses, with its message */
    public DeviceProfile save(DeviceProfile profile) {
        if (profile.name().isBlank()) {
            throw new InvalidRequestException("name", "Device profile name should be specified!");
        }
        ServedProfile served = serve(profile);
        synchronized (this) {
            byName.put(profile.name(), served);
            snapshot = Map.copyOf(byName);
        }
        return profile;
    }

    public synchronized List<DeviceProfile> all() {
        List<DeviceProfile> all = new ArrayList<>();
        byName.values().forEach(served -> all.add(served.profile()));
        return all;
    }

    /** @throws NotFoundException no profile has that name */
    public DeviceProfile get(String name) {
        ServedProfile served = snapshot.get(name);
        if (served == null) {
            throw new NotFoundException("no device profile named '" + name + "'");
        }
        return served.profile();
    }

    /** @throws NotFoundException no profile has that name */
    public synchronized void delete(String name) {
        if (byName.remove(name) == null) {
            throw new NotFoundException("no device profile named '" + name + "'");
        }
        snapshot = Map.copyOf(byName);
    }

    public synchronized void clear() {
        byName.clear();
        snapshot = Map.of();
    }

    /** How a device of this type is served: its profile's settings, or the default profile's. */
    public ServedProfile served(String deviceType) {
        return snapshot.getOrDefault(deviceType, defaultProfile);
    }

    private ServedProfile serve(DeviceProfile profile) {
        boolean mqttType = profile.transportType().equals(DeviceProfile.MQTT);
        MqttTransportConfiguration mqtt = mqttType && profile.mqtt() != null ? profile.mqtt()
            : MqttTransportConfiguration.json();
        ProtobufPayload protobuf = mqtt.protobuf();
        if (protobuf == null) {
            return new ServedProfile(profile, mqtt, JsonCodec.INSTANCE, JsonCodec.INSTANCE, JsonCodec.INSTANCE,
                defaultProfile.protobuf());
        }
        ProtoCodec proto;
        try {
            proto = new ProtoCodec(ProfileSchemas.compile(protobuf), clock);
        } catch (SchemaException refused) {
            throw new InvalidRequestException("transportConfiguration.transportPayloadTypeConfiguration",
                refused.getMessage());
        }
        PayloadCodec uplinks = protobuf.enableCompatibilityWithJsonPayloadFormat() ? new JsonCompatibleCodec(proto) : proto;
        return new ServedProfile(profile, mqtt, uplinks, proto,
            protobuf.useJsonPayloadFormatForDefaultDownlinkTopics() ? JsonCodec.INSTANCE : proto, proto);
    }
}
