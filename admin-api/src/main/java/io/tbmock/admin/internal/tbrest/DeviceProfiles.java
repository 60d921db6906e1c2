package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.ConflictException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.ProvisionProfile;
import io.tbmock.server.model.ProvisionStrategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Device profiles as ThingsBoard's REST API shows them, kept whole as clients save them (spec §2.5). A device's
 * profile is the one named as its type; a type with none gets one when first asked for, as ThingsBoard makes
 * one for a device created with a new type. Provisioning is the core's: saving a profile sets the core's provision
 * profile of the same name, and a profile is shown with the core's provisioning, whichever door set it.
 */
final class DeviceProfiles {
    static final String DEFAULT_NAME = "default";
    private static final Set<String> PROVISION_TYPES = Set.of("DISABLED", "ALLOW_CREATE_NEW_DEVICES",
        "CHECK_PRE_PROVISIONED_DEVICES", "X509_CERTIFICATE_CHAIN");

    private final TbMock tb;
    private final String tenantId;
    private final String defaultProfileId = UUID.randomUUID().toString();
    // Guarded by this: profiles by id, oldest first.
    private final Map<String, ObjectNode> byId = new LinkedHashMap<>();

    DeviceProfiles(TbMock tb, String tenantId) {
        this.tb = tb;
        this.tenantId = tenantId;
        reset();
    }

    /** Back to the default profile alone, with the id it had (ids are stable for the server's life). */
    synchronized void reset() {
        byId.clear();
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

    /** Every profile, oldest first, with one for each core provision profile and device type that has none yet. */
    synchronized List<ObjectNode> all() {
        tb.provisionProfiles().forEach(core -> named(core.name()));
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
        String name = given.path("name").asText("");
        if (name.isBlank()) {
            throw TbError.badRequest("Device profile name should be specified!");
        }
        Optional<ObjectNode> sameName = stored(name);
        if (sameName.isPresent() && sameName.get() != old) {
            throw TbError.badRequest("Device profile with such name already exists!");
        }
        if (old != null && !old.get("name").asText().equals(name) && inUse.test(old.get("name").asText())) {
            throw TbError.badRequest("tbmock cannot rename a device profile that devices use: their type is its name");
        }
        checkVersion(given, old);
        String provisionType = given.path("provisionType").asText("DISABLED");
        if (!PROVISION_TYPES.contains(provisionType)) {
            throw TbError.badRequest("Invalid provisionType: " + provisionType);
        }
        if (provisionType.equals("X509_CERTIFICATE_CHAIN")) {
            throw TbError.badRequest("tbmock does not support X509_CERTIFICATE_CHAIN provisioning yet");
        }
        String key = given.path("provisionDeviceKey").isTextual() ? given.get("provisionDeviceKey").asText() : null;
        if (key != null && byId.values().stream().anyMatch(p -> p != old && key.equals(p.path("provisionDeviceKey").asText(null)))) {
            throw TbError.badRequest("Device profile with such provision device key already exists!");
        }
        boolean makeDefault = given.path("default").asBoolean(false);
        if (makeDefault && byId.values().stream().anyMatch(p -> p != old && p.path("default").asBoolean())) {
            throw TbError.badRequest("Another default device profile is present in scope of current tenant!");
        }
        String savedId = id == null ? UUID.randomUUID().toString() : id;
        ObjectNode saved = template(name, savedId);
        given.properties().forEach(field -> saved.set(field.getKey(), field.getValue()));
        saved.set("id", TbIds.entityId("DEVICE_PROFILE", savedId));
        saved.put("createdTime", old == null ? System.currentTimeMillis() : old.get("createdTime").asLong());
        saved.set("tenantId", TbIds.entityId("TENANT", tenantId));
        saved.put("version", old == null ? 1 : old.get("version").asLong() + 1);
        saved.put("default", old != null && old.path("default").asBoolean() || makeDefault);
        provision(old == null ? null : old.get("name").asText(), saved, provisionType, key);
        byId.put(saved.get("id").get("id").asText(), saved);
        return view(saved);
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

    private static void checkVersion(ObjectNode given, ObjectNode old) {
        JsonNode version = given.path("version");
        if (old != null && version.isNumber() && version.asLong() != old.get("version").asLong()) {
            throw TbError.json(HttpResponseStatus.CONFLICT, TbError.VERSION_CONFLICT,
                "Device profile was already changed by someone else");
        }
    }

    /** Sets the core's provision profile to what the saved profile says, under its (new) name. */
    private void provision(String oldName, ObjectNode saved, String provisionType, String key) {
        String name = saved.get("name").asText();
        String secret = saved.path("profileData").path("provisionConfiguration").path("provisionDeviceSecret").asText("");
        if (!provisionType.equals("DISABLED") && (key == null || key.isEmpty() || secret.isEmpty())) {
            throw TbError.badRequest("Provision device key and secret should be specified for " + provisionType);
        }
        List<ProvisionProfile> replaced = new ArrayList<>();
        for (String each : oldName == null ? List.of(name) : List.of(oldName, name)) {
            coreProfile(each).ifPresent(core -> {
                tb.deleteProvisionProfile(core.name());
                replaced.add(core);
            });
        }
        if (provisionType.equals("DISABLED")) {
            return;
        }
        try {
            tb.createProvisionProfile(new ProvisionProfile(name, key, secret, ProvisionStrategy.valueOf(provisionType)));
        } catch (RuntimeException refused) { // a key another door's profile holds: the profile stays as it was
            replaced.forEach(tb::createProvisionProfile);
            throw refused instanceof ConflictException
                ? TbError.badRequest("Device profile with such provision device key already exists!") : refused;
        }
    }

    /** The stored profile with the core's provisioning of its name shown. */
    private ObjectNode view(ObjectNode stored) {
        ObjectNode view = stored.deepCopy();
        if (!view.path("profileData").isObject()) {
            view.putObject("profileData");
        }
        ObjectNode profileData = (ObjectNode) view.get("profileData");
        Optional<ProvisionProfile> core = coreProfile(view.get("name").asText());
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
