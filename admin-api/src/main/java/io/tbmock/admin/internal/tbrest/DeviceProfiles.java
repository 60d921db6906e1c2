package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.DeviceProfileJson;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.ConflictException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.DeviceProfile;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Device profiles as ThingsBoard's REST API shows them, kept whole as clients save them (docs/thingsboard-rest.md §6) and validated
 * as ThingsBoard's DeviceProfileDataValidator validates them. A device's profile is the one named as its type; a
 * type with none gets one when first asked for, as ThingsBoard makes one for a device created with a new type.
 * Provisioning and transport settings are the core's: saving a profile with a provision key and secret sets the core's
 * provision profile of the same name, and its transport type and configuration the core's device profile of the
 * name (docs/device-profiles.md); a profile is shown with the core's provisioning and transport, whichever door
 * changed them. One saved
 * without a key or secret is kept as saved, and provisions nothing, as in ThingsBoard (NOT_FOUND).
 */
final class DeviceProfiles {
    static final String DEFAULT_NAME = "default";
    private static final Set<String> PROVISION_TYPES = Set.of("DISABLED", "ALLOW_CREATE_NEW_DEVICES",
        "CHECK_PRE_PROVISIONED_DEVICES", "X509_CERTIFICATE_CHAIN");
    /** The strategies the core's provisioning serves; X509_CERTIFICATE_CHAIN is saved, not served. */
    private static final Set<String> CORE_STRATEGIES = Set.of("ALLOW_CREATE_NEW_DEVICES", "CHECK_PRE_PROVISIONED_DEVICES");

    private final TbMock tb;
    private final String tenantId;
    private final String defaultProfileId = UUID.randomUUID().toString();
    // Guarded by this: profiles by id, oldest first.
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();
    // Guarded by this: the ids of profiles whose provisioning is the core's provision profile of their name.
    private final Set<String> provisionedByCore = new HashSet<>();

    DeviceProfiles(TbMock tb, String tenantId) {
        this.tb = tb;
        this.tenantId = tenantId;
        reset();
    }

    /** Back to the default profile alone, with the id it had (ids are stable for the server's life). */
    synchronized void reset() {
        byId.clear();
        provisionedByCore.clear();
        ObjectNode profile = template(DEFAULT_NAME, defaultProfileId);
        profile.put("description", "Default device profile").put("default", true);
        byId.put(defaultProfileId, profile);
    }

    /** @throws TbError 404 no profile has the id */
    synchronized ObjectNode get(String id) {
        ObjectNode profile = byId.get(id);
        if (profile == null) {
            throw TbError.notFound("Device profile with id [" + id + "] is not found");
        }
        return view(profile);
    }

    synchronized ObjectNode getDefault() {
        return view(byId.values().stream().filter(p -> p.path("default").asBoolean()).findFirst().orElseThrow());
    }

    /** The profile of that name, made now if there is none (a device's type, a core provision profile's name). */
    synchronized ObjectNode named(String name) {
        return view(stored(name).orElseGet(() -> {
            ObjectNode profile = template(name, UUID.randomUUID().toString());
            byId.put(profile.get("id").get("id").asText(), profile);
            return profile;
        }));
    }

    /** The id of the profile of that name, made now if there is none. */
    String idOf(String name) {
        return named(name).get("id").get("id").asText();
    }

    /**
     * Every profile, oldest first, with one for each of the core's provision and device profiles and each device
     * type that has none yet.
     */
    synchronized List<ObjectNode> all() {
        tb.provisionProfiles().forEach(core -> named(core.name()));
        tb.deviceProfiles().forEach(core -> named(core.name()));
        tb.devices().forEach(device -> named(device.type()));
        List<ObjectNode> views = new ArrayList<>();
        byId.values().forEach(profile -> views.add(view(profile)));
        return views;
    }

    /**
     * {@code POST /api/deviceProfile}: creates (no id) or updates the profile, and sets the core's provisioning.
     *
     * @param inUse whether devices are of the named type (a used profile keeps its name here)
     */
    synchronized ObjectNode save(ObjectNode given, Predicate<String> inUse) {
        String id = TbIds.idOf(given, "id");
        ObjectNode old = id == null ? null : byId.get(id);
        if (id != null && old == null) {
            throw TbError.notFound("Device profile with id [" + id + "] is not found");
        }
        validate(given, old, inUse);
        String name = given.get("name").asText();
        if (old != null && !old.get("name").asText().equals(name) && inUse.test(old.get("name").asText())) {
            throw TbError.badRequest("tbmock cannot rename a device profile that devices use: their type is its name");
        }
        checkVersion(given, old);
        String provisionType = given.path("provisionType").isTextual() ? given.get("provisionType").asText() : "DISABLED";
        String key = given.path("provisionDeviceKey").isTextual() ? given.get("provisionDeviceKey").asText() : null;
        if (key != null && byId.values().stream().anyMatch(p -> p != old && key.equals(p.path("provisionDeviceKey").asText(null)))) {
            throw TbError.badRequest(provisionType.equals("X509_CERTIFICATE_CHAIN")
                ? "Device profile with such certificate already exists!"
                : "Device profile with such provision device key already exists!");
        }
        transport(old == null ? null : old.get("name").asText(), name, given);
        String savedId = id == null ? UUID.randomUUID().toString() : id;
        ObjectNode saved = template(name, savedId);
        given.properties().forEach(field -> saved.set(field.getKey(), field.getValue()));
        saved.set("id", TbIds.entityId("DEVICE_PROFILE", savedId));
        saved.put("createdTime", old == null ? System.currentTimeMillis() : old.get("createdTime").asLong());
        saved.set("tenantId", TbIds.entityId("TENANT", tenantId));
        saved.put("version", old == null ? 1 : old.get("version").asLong() + 1);
        saved.put("default", old != null && old.path("default").asBoolean() || given.path("default").asBoolean(false));
        saved.put("provisionType", provisionType);
        if (provision(old == null ? null : old.get("name").asText(), saved, provisionType, key)) {
            provisionedByCore.add(savedId);
        } else {
            provisionedByCore.remove(savedId);
        }
        byId.put(savedId, saved);
        return view(saved);
    }

    /**
     * ThingsBoard's DeviceProfileDataValidator, the checks that apply here, in its order and with its messages. It
     * does not check the provision key and secret: a profile without them is saved and provisions nothing.
     */
    private void validate(ObjectNode given, ObjectNode old, Predicate<String> inUse) {
        String name = given.path("name").isTextual() ? given.get("name").asText() : "";
        if (name.isBlank()) {
            throw TbError.badRequest("Device profile name should be specified!");
        }
        if (name.indexOf('\u0000') >= 0) {
            throw TbError.badRequest("Device profile name should not contain 0x00 symbol!");
        }
        if (!given.path("type").isTextual()) {
            throw TbError.badRequest("Device profile type should be specified!");
        }
        if (!given.path("transportType").isTextual()) {
            throw TbError.badRequest("Device profile transport type should be specified!");
        }
        if (given.path("default").asBoolean(false)
            && byId.values().stream().anyMatch(p -> p != old && p.path("default").asBoolean())) {
            throw TbError.badRequest("Another default device profile is present in scope of current tenant!");
        }
        String provisionType = given.path("provisionType").asText("DISABLED");
        if (given.path("provisionType").isTextual() && !PROVISION_TYPES.contains(provisionType)) {
            throw TbError.badRequest("Invalid provisionType: " + provisionType);
        }
        JsonNode alarms = given.path("profileData").path("alarms");
        if (alarms.isArray()) {
            Set<String> alarmTypes = new HashSet<>();
            for (JsonNode alarm : alarms) {
                String alarmType = alarm.path("alarmType").asText("");
                if (alarmType.isEmpty()) {
                    throw TbError.badRequest("Alarm rule type should be specified!");
                }
                if (!alarmTypes.add(alarmType)) {
                    throw TbError.badRequest("Can't create device profile with the same alarm rule types: \""
                        + alarmType + "\"!");
                }
            }
        }
        if (old != null && inUse.test(old.get("name").asText())) {
            if (!old.get("type").asText().equals(given.get("type").asText())) {
                throw TbError.badRequest("Can't change device profile type because devices referenced it!");
            }
            if (!old.get("transportType").asText().equals(given.get("transportType").asText())) {
                throw TbError.badRequest("Can't change device profile transport type because devices referenced it!");
            }
        }
        Optional<ObjectNode> sameName = stored(name);
        if (sameName.isPresent() && sameName.get() != old) {
            throw TbError.badRequest("Device profile with such name already exists!");
        }
    }

    /** @throws TbError 400 the default profile, or one devices use */
    synchronized void delete(String id, Predicate<String> inUse) {
        ObjectNode profile = byId.get(id);
        if (profile == null) {
            throw TbError.notFound("Device profile with id [" + id + "] is not found");
        }
        if (profile.path("default").asBoolean()) {
            throw TbError.badRequest("Deletion of Default Device Profile is prohibited!");
        }
        String name = profile.get("name").asText();
        if (inUse.test(name)) {
            throw TbError.badRequest("The device profile referenced by the devices cannot be deleted!");
        }
        coreProfile(name).ifPresent(core -> tb.deleteProvisionProfile(core.name()));
        coreTransport(name).ifPresent(core -> tb.deleteDeviceProfile(name));
        byId.remove(id);
    }

    /** {@code POST /api/deviceProfile/{id}/default}. */
    synchronized ObjectNode makeDefault(String id) {
        get(id);
        byId.values().forEach(p -> p.put("default", false));
        byId.get(id).put("default", true);
        return get(id);
    }

    /** The profile in ThingsBoard's short form (DeviceProfileInfo). */
    static ObjectNode info(ObjectNode profile) {
        ObjectNode info = Json.object();
        for (String field : new String[] {"id", "name", "image", "defaultDashboardId", "type", "transportType", "tenantId"}) {
            info.set(field, profile.get(field));
        }
        return info;
    }

    private Optional<ObjectNode> stored(String name) {
        return byId.values().stream().filter(p -> p.get("name").asText().equals(name)).findFirst();
    }

    private Optional<ProvisionProfile> coreProfile(String name) {
        return tb.provisionProfiles().stream().filter(core -> core.name().equals(name)).findFirst();
    }

    /**
     * Sets the core's device profile of the saved name to the transport type and configuration the profile gives
     * (its devices are served by it from now on), checked as ThingsBoard checks them; a renamed profile's old name
     * serves nothing any more.
     */
    private void transport(String oldName, String name, ObjectNode given) {
        JsonNode configuration = given.path("profileData").path("transportConfiguration");
        tb.saveDeviceProfile(DeviceProfileJson.read(name, given.get("transportType").asText(),
            configuration instanceof ObjectNode object ? object : null, false));
        if (oldName != null && !oldName.equals(name)) {
            coreTransport(oldName).ifPresent(core -> tb.deleteDeviceProfile(oldName));
        }
    }

    private Optional<DeviceProfile> coreTransport(String name) {
        return tb.deviceProfiles().stream().filter(profile -> profile.name().equals(name)).findFirst();
    }

    private static void checkVersion(ObjectNode given, ObjectNode old) {
        JsonNode version = given.path("version");
        if (old != null && version.isNumber() && version.asLong() != old.get("version").asLong()) {
            throw TbError.json(HttpResponseStatus.CONFLICT, TbError.VERSION_CONFLICT,
                "Device profile was already changed by someone else");
        }
    }

    /** Sets the core's provision profile to what the saved profile says, under its (new) name. */
    /**
     * Sets the core's provision profile of the saved profile's name to what it says: a strategy the core serves
     * with a key and a secret; else none, as a device's request would find nothing (NOT_FOUND) in ThingsBoard.
     *
     * @return whether the core provisions for the profile now
     */
    private boolean provision(String oldName, ObjectNode saved, String provisionType, String key) {
        String name = saved.get("name").asText();
        String secret = saved.path("profileData").path("provisionConfiguration").path("provisionDeviceSecret").asText("");
        List<ProvisionProfile> replaced = new ArrayList<>();
        for (String each : oldName == null ? List.of(name) : List.of(oldName, name)) {
            coreProfile(each).ifPresent(core -> {
                tb.deleteProvisionProfile(core.name());
                replaced.add(core);
            });
        }
        if (!CORE_STRATEGIES.contains(provisionType) || key == null || key.isEmpty() || secret.isEmpty()) {
            return false;
        }
        try {
            tb.createProvisionProfile(new ProvisionProfile(name, key, secret, ProvisionStrategy.valueOf(provisionType)));
            return true;
        } catch (RuntimeException refused) { // a key another door's profile holds: the profile stays as it was
            replaced.forEach(tb::createProvisionProfile);
            throw refused instanceof ConflictException
                ? TbError.badRequest("Device profile with such provision device key already exists!") : refused;
        }
    }

    /**
     * The stored profile, with the core's provisioning of its name shown when the core provisions for it (it may
     * have been changed through another door) or did (then removed: DISABLED); else its provisioning as saved.
     */
    private ObjectNode view(ObjectNode stored) {
        ObjectNode view = stored.deepCopy();
        if (!view.path("profileData").isObject()) {
            view.putObject("profileData");
        }
        ObjectNode profileData = (ObjectNode) view.get("profileData");
        coreTransport(view.get("name").asText()).ifPresent(core -> { // as saved here or through another door
            view.put("transportType", core.transportType());
            profileData.set("transportConfiguration", DeviceProfileJson.transportConfiguration(core));
        });
        Optional<ProvisionProfile> core = coreProfile(view.get("name").asText());
        if (core.isEmpty() && !provisionedByCore.contains(view.get("id").get("id").asText())) {
            if (!profileData.path("provisionConfiguration").isObject()) {
                profileData.putObject("provisionConfiguration").put("type", view.path("provisionType").asText("DISABLED"))
                    .putNull("provisionDeviceSecret");
            }
            return view;
        }
        String type = core.map(p -> p.strategy().name()).orElse("DISABLED");
        view.put("provisionType", type);
        view.put("provisionDeviceKey", core.map(ProvisionProfile::provisionDeviceKey).orElse(null));
        profileData.putObject("provisionConfiguration").put("type", type)
            .put("provisionDeviceSecret", core.map(ProvisionProfile::provisionDeviceSecret).orElse(null));
        return view;
    }

    private ObjectNode template(String name, String id) {
        ObjectNode profile = Json.object();
        profile.set("id", TbIds.entityId("DEVICE_PROFILE", id));
        profile.put("createdTime", System.currentTimeMillis());
        profile.set("tenantId", TbIds.entityId("TENANT", tenantId));
        profile.put("name", name).putNull("description").putNull("image").put("type", "DEFAULT")
            .put("transportType", "DEFAULT").put("provisionType", "DISABLED").putNull("defaultRuleChainId")
            .putNull("defaultDashboardId").putNull("defaultQueueName").putNull("provisionDeviceKey")
            .putNull("firmwareId").putNull("softwareId").putNull("defaultEdgeRuleChainId").putNull("externalId")
            .put("version", 1).put("default", false);
        ObjectNode data = profile.putObject("profileData");
        data.putObject("configuration").put("type", "DEFAULT");
        data.putObject("transportConfiguration").put("type", "DEFAULT");
        data.putObject("provisionConfiguration").put("type", "DISABLED").putNull("provisionDeviceSecret");
        data.putNull("alarms");
        return profile;
    }
}
