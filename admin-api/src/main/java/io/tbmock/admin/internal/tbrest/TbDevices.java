package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.ConflictException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.device.DevicePort;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;
import io.tbmock.server.model.NewDevice;
import io.tbmock.server.model.OtaPackageType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Devices as ThingsBoard's REST API shows and saves them (docs/thingsboard-rest.md §3). The device is the core's; what ThingsBoard
 * keeps beside it (label, additional info, version, OTA ids, customer) is kept here by device id.
 */
final class TbDevices {
    private static final String ENTITY = "DEVICE";

    private final TbMock tb;
    /** The core's door: ThingsBoard's credentials ids are the core's to compute. */
    private final DevicePort port;
    private final String tenantId;
    private final DeviceProfiles profiles;
    private final TbOtaPackages packages;
    private final TbCustomers customers;
    private final Map<String, Extra> extras = new ConcurrentHashMap<>();

    /** What ThingsBoard keeps about a device that the core does not. */
    private record Extra(String label, JsonNode additionalInfo, long version, String firmwareId, String softwareId,
                         String customerId, String credentialsUuid) {
        static Extra initial() {
            return new Extra(null, null, 1, null, null, TbIds.NULL_UUID, UUID.randomUUID().toString());
        }

        /** A save's own fields: {@code label} and {@code additionalInfo}, as the body has them. */
        Extra described(ObjectNode body) {
            JsonNode info = body.path("additionalInfo");
            return new Extra(TbJson.text(body, "label"), info.isMissingNode() ? null : info, version, firmwareId,
                softwareId, customerId, credentialsUuid);
        }

        Extra assigned(String newFirmwareId, String newSoftwareId) {
            return new Extra(label, additionalInfo, version, newFirmwareId, newSoftwareId, customerId, credentialsUuid);
        }

        Extra customer(String newCustomerId) {
            return new Extra(label, additionalInfo, version, firmwareId, softwareId, newCustomerId, credentialsUuid);
        }

        /** Saved once more: ThingsBoard's optimistic-lock version goes up. */
        Extra saved() {
            return new Extra(label, additionalInfo, version + 1, firmwareId, softwareId, customerId, credentialsUuid);
        }
    }

    TbDevices(TbMock tb, DevicePort port, String tenantId, DeviceProfiles profiles, TbOtaPackages packages,
              TbCustomers customers) {
        this.tb = tb;
        this.port = port;
        this.tenantId = tenantId;
        this.profiles = profiles;
        this.packages = packages;
        this.customers = customers;
    }

    void reset() {
        extras.clear();
    }

    /** @throws TbError 400 not a UUID, 404 {@code Device with id [<uuid>] is not found} */
    Device require(String id) {
        String uuid = TbIds.uuid(id);
        try {
            return tb.deviceById(uuid);
        } catch (NotFoundException e) {
            throw TbError.notFound("Device with id [" + uuid + "] is not found");
        }
    }

    Optional<Device> byName(String name) {
        try {
            return Optional.of(tb.device(name));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The customer the device is assigned to, {@link TbIds#NULL_UUID} when none. */
    String customerOf(Device device) {
        return extra(device).customerId();
    }

    void assignCustomer(Device device, String customerId) {
        extras.put(device.id(), extra(device).customer(customerId).saved());
    }

    /** ThingsBoard's Device object. */
    ObjectNode view(Device device) {
        Extra extra = extra(device);
        ObjectNode json = Json.object();
        json.set("id", TbIds.entityId(ENTITY, device.id()));
        json.put("createdTime", device.createdAt());
        json.set("tenantId", TbIds.entityId("TENANT", tenantId));
        json.set("customerId", TbIds.entityId("CUSTOMER", extra.customerId()));
        json.put("name", device.name()).put("type", device.type()).put("label", extra.label());
        json.set("deviceProfileId", profiles.named(device.type()).get("id"));
        json.set("firmwareId", TbIds.entityIdOrNull("OTA_PACKAGE", extra.firmwareId()));
        json.set("softwareId", TbIds.entityIdOrNull("OTA_PACKAGE", extra.softwareId()));
        json.putNull("externalId");
        json.put("version", extra.version());
        json.set("additionalInfo", additionalInfo(device, extra));
        ObjectNode data = json.putObject("deviceData");
        data.putObject("configuration").put("type", "DEFAULT");
        data.putObject("transportConfiguration").put("type", "DEFAULT");
        return json;
    }

    /**
     * ThingsBoard's DeviceInfo: the device with its customer's and profile's names and whether it is active (the
     * device state service's {@code active}, not whether a session is open).
     */
    ObjectNode info(Device device) {
        ObjectNode json = view(device);
        json.put("customerTitle", customers.titleOf(extra(device).customerId())).put("customerIsPublic", false)
            .put("deviceProfileName", device.type()).put("active", tb.deviceState(device.name()).active());
        return json;
    }

    /** The tenant's id object, as entities carry it. */
    ObjectNode tenantEntityId() {
        return TbIds.entityId("TENANT", tenantId);
    }

    /**
     * How many devices of the profile have no package of the type assigned to them directly (ThingsBoard's
     * countByDeviceProfileAndEmptyOtaPackage: those a package assigned to the profile would reach).
     */
    long countWithoutOta(String otaPackageType, String profileId) {
        OtaPackageType type;
        try {
            type = OtaPackageType.valueOf(otaPackageType);
        } catch (IllegalArgumentException e) {
            throw TbError.badRequest("No enum constant org.thingsboard.server.common.data.ota.OtaPackageType."
                + otaPackageType);
        }
        String profile = profiles.get(profileId).get("name").asText();
        return tb.devices().stream().filter(device -> device.type().equals(profile))
            .filter(device -> (type == OtaPackageType.FIRMWARE ? extra(device).firmwareId() : extra(device).softwareId()) == null)
            .count();
    }

    /** A page of the devices as Device objects, of the {@code type} asked for (ThingsBoard's getTenantDevices). */
    ObjectNode page(List<Device> devices, ApiRequest request) {
        String type = request.query("type");
        List<ObjectNode> views = new ArrayList<>();
        devices.stream().filter(device -> type == null || type.isBlank() || device.type().equals(type))
            .forEach(device -> views.add(view(device)));
        return TbPages.page(views, request, "name", "label");
    }

    /**
     * A page of the devices as DeviceInfo objects (ThingsBoard's getTenantDeviceInfos): of the {@code type} asked
     * for, else of the profile {@code deviceProfileId} names; only the active or inactive ones if {@code active} says.
     */
    ObjectNode infoPage(List<Device> devices, ApiRequest request) {
        String type = request.query("type");
        String profileId = request.query("deviceProfileId");
        String profile = type != null && !type.isBlank() ? type
            : profileId == null || profileId.isEmpty() ? null : profiles.get(TbIds.uuid(profileId)).get("name").asText();
        String active = request.query("active");
        if (active != null && !active.equals("true") && !active.equals("false")) {
            throw TbError.badRequest("Parameter 'active' must be true or false, was '" + active + "'");
        }
        List<ObjectNode> infos = new ArrayList<>();
        for (Device device : devices) {
            if (profile != null && !device.type().equals(profile)) {
                continue;
            }
            ObjectNode info = info(device);
            if (active == null || info.get("active").asBoolean() == Boolean.parseBoolean(active)) {
                infos.add(info);
            }
        }
        return TbPages.page(infos, request, "name", "label");
    }

    /** ThingsBoard's DeviceCredentials object. */
    ObjectNode credentials(Device device) {
        Extra extra = extra(device);
        DeviceCredentials credentials = device.credentials();
        ObjectNode json = Json.object();
        json.putObject("id").put("id", extra.credentialsUuid());
        json.put("createdTime", device.createdAt());
        json.set("deviceId", TbIds.entityId(ENTITY, device.id()));
        json.put("credentialsType", credentials.type().name()).put("credentialsId", port.credentialsId(credentials));
        if (credentials instanceof DeviceCredentials.MqttBasic basic) {
            ObjectNode value = Json.object().put("clientId", basic.clientId()).put("userName", basic.username())
                .put("password", basic.password());
            json.put("credentialsValue", new String(Json.bytes(value), StandardCharsets.UTF_8));
        } else if (credentials instanceof DeviceCredentials.X509 x509) {
            json.put("credentialsValue", x509.certificatePem().replace("-----BEGIN CERTIFICATE-----", "")
                .replace("-----END CERTIFICATE-----", "").replace("\n", "").replace("\r", ""));
        } else {
            json.putNull("credentialsValue");
        }
        return json.put("version", extra.version());
    }

    /**
     * {@code POST /api/device}: creates a device (no id) with the access token given (a random one when empty),
     * or updates one.
     */
    CompletableFuture<ObjectNode> save(ObjectNode body, DeviceCredentials credentials) {
        String id = TbIds.idOf(body, "id");
        if (id != null) {
            return CompletableFuture.completedFuture(update(require(id), body));
        }
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            throw TbError.badRequest("Device name should be specified!");
        }
        if (byName(name).isPresent()) {
            throw TbError.badRequest("Device with such name already exists!");
        }
        String profileName = profileName(body);
        checkOta(body, profileName);
        boolean gateway = body.path("additionalInfo").path("gateway").asBoolean(false);
        NewDevice spec = NewDevice.named(name).type(profileName).gateway(gateway).credentials(credentials);
        return tb.createDeviceAsync(spec).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            if (cause instanceof ConflictException) {
                throw TbError.badRequest(byName(name).isPresent() ? "Device with such name already exists!"
                    : "Device credentials are already assigned to another device!");
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(failure);
        }).thenApply(device -> {
            extras.put(device.id(), Extra.initial().described(body));
            assignOta(device, body);
            return view(tb.device(device.name()));
        });
    }

    /** {@code POST /api/device/credentials}: the device's credentials replaced; its session is closed. */
    ObjectNode updateCredentials(ObjectNode body) {
        String deviceId = TbIds.idOf(body, "deviceId");
        if (deviceId == null) {
            throw TbError.badRequest("Device credentials id should be specified!");
        }
        Device device;
        try {
            device = tb.deviceById(deviceId);
        } catch (NotFoundException e) {
            throw TbError.badRequest("Unable to update non-existent device credentials!");
        }
        DeviceCredentials credentials = parseCredentials(body);
        try {
            tb.updateCredentials(device.name(), credentials);
        } catch (ConflictException taken) {
            throw TbError.badRequest("Device credentials are already assigned to another device!");
        }
        extras.put(device.id(), extra(device).saved());
        return credentials(tb.device(device.name()));
    }

    /** Credentials in ThingsBoard's form ({@code credentialsType}, {@code credentialsId}, {@code credentialsValue}). */
    static DeviceCredentials parseCredentials(JsonNode body) {
        String type = body.path("credentialsType").asText("ACCESS_TOKEN");
        String id = TbJson.text(body, "credentialsId");
        String value = TbJson.text(body, "credentialsValue");
        switch (type) {
            case "ACCESS_TOKEN":
                if (id == null || id.isEmpty()) {
                    throw TbError.badRequest("Device credentials id should be specified!");
                }
                return DeviceCredentials.token(id);
            case "MQTT_BASIC": {
                JsonNode basic = value == null ? null : Json.tryParse(value);
                if (basic == null || !basic.isObject()) {
                    throw TbError.badRequest("Invalid credentials body for simple mqtt credentials!");
                }
                return DeviceCredentials.basic(TbJson.text(basic, "clientId"), TbJson.text(basic, "userName"), TbJson.text(basic, "password"));
            }
            case "X509_CERTIFICATE":
                if (value == null || value.isBlank()) {
                    throw TbError.badRequest("Device credentials value should be specified!");
                }
                return DeviceCredentials.x509(armoured(value));
            default:
                throw TbError.badRequest("tbmock does not support " + type + " credentials");
        }
    }

    CompletableFuture<Void> delete(String id) {
        Device device = require(id);
        CompletableFuture<Void> deleted = tb.deleteDeviceAsync(device.name());
        extras.remove(device.id());
        return deleted;
    }

    private ObjectNode update(Device device, ObjectNode body) {
        Extra extra = extra(device);
        JsonNode version = body.path("version");
        if (version.isNumber() && version.asLong() != extra.version()) {
            throw TbError.json(HttpResponseStatus.CONFLICT, TbError.VERSION_CONFLICT,
                "Device was already changed by someone else");
        }
        String name = body.path("name").asText("");
        if (name.isBlank()) {
            throw TbError.badRequest("Device name should be specified!");
        }
        if (!profileName(body, device.type()).equals(device.type())) {
            throw TbError.badRequest("tbmock cannot move a device to another device profile yet");
        }
        checkOta(body, device.type());
        if (!name.equals(device.name())) {
            if (byName(name).isPresent()) {
                throw TbError.badRequest("Device with such name already exists!");
            }
            device = tb.renameDevice(device.name(), name); // journaled; a child's gateway is told
        }
        assignOta(device, body);
        extras.put(device.id(), extra(device).described(body).saved());
        return view(tb.device(device.name()));
    }

    /** Refuses, before anything is saved, a {@code firmwareId} or {@code softwareId} ThingsBoard would refuse. */
    private void checkOta(ObjectNode body, String profileName) {
        String profileId = profiles.idOf(profileName);
        String firmware = TbIds.idOf(body, "firmwareId");
        String software = TbIds.idOf(body, "softwareId");
        if (firmware != null) {
            packages.check(firmware, OtaPackageType.FIRMWARE, profileId);
        }
        if (software != null) {
            packages.check(software, OtaPackageType.SOFTWARE, profileId);
        }
    }

    /** The device's {@code firmwareId} and {@code softwareId}, assigned through the core's OTA when changed. */
    private void assignOta(Device device, ObjectNode body) {
        String firmware = TbIds.idOf(body, "firmwareId");
        String software = TbIds.idOf(body, "softwareId");
        Extra extra = extra(device);
        String profileId = profiles.idOf(device.type());
        if (!Objects.equals(firmware, extra.firmwareId())) {
            packages.assign(device.name(), firmware, OtaPackageType.FIRMWARE, profileId);
        }
        if (!Objects.equals(software, extra.softwareId())) {
            packages.assign(device.name(), software, OtaPackageType.SOFTWARE, profileId);
        }
        extras.put(device.id(), extra.assigned(firmware, software));
    }

    /** The profile a new device goes to: the one its id names, else the one named as its type, else the default. */
    private String profileName(ObjectNode body) {
        return profileName(body, null);
    }

    private String profileName(ObjectNode body, String current) {
        String profileId = TbIds.idOf(body, "deviceProfileId");
        if (profileId != null) {
            try {
                return profiles.get(profileId).get("name").asText();
            } catch (TbError missing) {
                throw TbError.badRequest("Device is referencing non existing device profile!");
            }
        }
        String type = TbJson.text(body, "type");
        if (type != null && !type.isEmpty()) {
            return profiles.named(type).get("name").asText();
        }
        return current != null ? current : profiles.getDefault().get("name").asText();
    }

    /** The device's additional info: what the client saved, with ThingsBoard's gateway flags. */
    private JsonNode additionalInfo(Device device, Extra extra) {
        boolean child = device.lastConnectedGateway() != null;
        if (!device.gateway() && !child) {
            return extra.additionalInfo() == null ? Json.object().nullNode() : extra.additionalInfo();
        }
        ObjectNode info = extra.additionalInfo() instanceof ObjectNode saved ? saved.deepCopy() : Json.object();
        if (device.gateway() && !info.has("gateway")) {
            info.put("gateway", true);
        }
        if (child) {
            byName(device.lastConnectedGateway()).ifPresent(gateway -> info.put("lastConnectedGateway", gateway.id()));
        }
        return info;
    }

    private Extra extra(Device device) {
        return extras.computeIfAbsent(device.id(), id -> Extra.initial());
    }

    /** ThingsBoard takes a certificate with or without its PEM armour; the core wants it armoured. */
    private static String armoured(String certificate) {
        if (certificate.contains("-----BEGIN CERTIFICATE-----")) {
            return certificate;
        }
        String body = certificate.replace("\n", "").replace("\r", "");
        StringBuilder pem = new StringBuilder("-----BEGIN CERTIFICATE-----\n");
        for (int i = 0; i < body.length(); i += 64) {
            pem.append(body, i, Math.min(body.length(), i + 64)).append('\n');
        }
        return pem.append("-----END CERTIFICATE-----\n").toString();
    }
}
