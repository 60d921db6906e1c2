package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.ChecksumAlgorithm;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * OTA packages as ThingsBoard's REST API makes them (docs/thingsboard-rest.md §7): first the info, then the data in a second call.
 * A package with its data (or URL) is the core's, so assigning it reuses the core's OTA; the info before the
 * data is kept here.
 */
final class TbOtaPackages {
    private final TbMock tb;
    private final String tenantId;
    // Guarded by this: ThingsBoard's OtaPackageInfo by its id, oldest first, and the core's package id once it has data.
    private final Map<String, ObjectNode> infos = new LinkedHashMap<>();
    private final Map<String, String> coreIds = new LinkedHashMap<>();

    TbOtaPackages(TbMock tb, String tenantId) {
        this.tb = tb;
        this.tenantId = tenantId;
    }

    synchronized void reset() {
        infos.clear();
        coreIds.clear();
    }

    /** {@code POST /api/otaPackage}: the info; a URL package is complete at once. */
    synchronized ObjectNode create(ObjectNode body, DeviceProfiles profiles) {
        if (TbIds.idOf(body, "id") != null) {
            throw TbError.badRequest("Updating otaPackage info is not supported by tbmock: create a new package");
        }
        String title = TbJson.text(body, "title");
        if (title == null || title.isEmpty()) {
            throw TbError.badRequest("OtaPackage title should be specified!");
        }
        String typeName = TbJson.text(body, "type");
        if (typeName == null) {
            throw TbError.badRequest("Type should be specified!");
        }
        OtaPackageType type;
        try {
            type = OtaPackageType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw TbError.badRequest("Invalid type: " + typeName);
        }
        String version = TbJson.text(body, "version");
        if (version == null || version.isEmpty()) {
            throw TbError.badRequest("OtaPackage version should be specified!");
        }
        String profileId = TbIds.idOf(body, "deviceProfileId");
        if (profileId != null) {
            try {
                profiles.get(profileId);
            } catch (TbError missing) {
                throw TbError.badRequest("OtaPackage is referencing to non-existent device profile!");
            }
        }
        String id = UUID.randomUUID().toString();
        ObjectNode info = Json.object();
        info.set("id", TbIds.entityId("OTA_PACKAGE", id));
        info.put("createdTime", System.currentTimeMillis());
        info.set("tenantId", TbIds.entityId("TENANT", tenantId));
        info.set("deviceProfileId", TbIds.entityIdOrNull("DEVICE_PROFILE", profileId));
        info.put("type", type.name()).put("title", title).put("version", version).put("tag", TbJson.text(body, "tag"));
        String url = TbJson.text(body, "url");
        info.put("url", url).put("hasData", false).putNull("fileName").putNull("contentType")
            .putNull("checksumAlgorithm").putNull("checksum").putNull("dataSize").putNull("externalId")
            .put("name", title).set("additionalInfo", body.path("additionalInfo").isObject()
                ? body.get("additionalInfo") : Json.object().nullNode());
        if (url != null) {
            OtaPackage core = tb.uploadOtaPackage(new NewOtaPackage(title, version, type, TbJson.text(body, "tag"), url, null,
                null), new byte[0]);
            coreIds.put(id, core.id());
        }
        infos.put(id, info);
        return info.deepCopy();
    }

    /**
     * {@code POST /api/otaPackage/{id}}: the package's data, with the checksum computed by the algorithm named and
     * compared with the one given, if any.
     */
    synchronized ObjectNode upload(String id, byte[] data, String fileName, String contentType, String algorithmName,
                                   String checksum) {
        ObjectNode info = require(id);
        if (coreIds.containsKey(id)) {
            throw TbError.badRequest("Updating otaPackage data is prohibited!");
        }
        if (algorithmName == null || algorithmName.isEmpty()) {
            throw TbError.badRequest("Required request parameter 'checksumAlgorithm' for method parameter type String is"
                + " not present");
        }
        ChecksumAlgorithm algorithm;
        try {
            algorithm = ChecksumAlgorithm.valueOf(algorithmName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw TbError.badRequest("No enum constant org.thingsboard.server.common.data.ota.ChecksumAlgorithm."
                + algorithmName.toUpperCase(Locale.ROOT));
        }
        if (data.length == 0) {
            throw TbError.badRequest("OtaPackage data should be specified!");
        }
        OtaPackage core = tb.uploadOtaPackage(new NewOtaPackage(info.get("title").asText(), info.get("version").asText(),
            OtaPackageType.valueOf(info.get("type").asText()), TbJson.text(info, "tag"), null, algorithm, null), data);
        if (checksum != null && !checksum.isEmpty() && !checksum.equalsIgnoreCase(core.checksum())) {
            tb.deleteOtaPackage(core.id());
            throw TbError.badRequest("Wrong otaPackage file!");
        }
        coreIds.put(id, core.id());
        info.put("hasData", true).put("fileName", fileName).put("contentType", contentType)
            .put("checksumAlgorithm", algorithm.name()).put("checksum", core.checksum()).put("dataSize", data.length);
        return info.deepCopy();
    }

    /** The file name and content type the data of the core's package {@code coreId} was uploaded with, if it was here. */
    synchronized Optional<OtaFile> file(String coreId) {
        return coreIds.entrySet().stream().filter(entry -> entry.getValue().equals(coreId)).findFirst()
            .map(entry -> infos.get(entry.getKey()))
            .map(info -> new OtaFile(TbJson.text(info, "fileName"), TbJson.text(info, "contentType")));
    }

    synchronized ObjectNode get(String id) {
        return require(id).deepCopy();
    }

    synchronized List<ObjectNode> all() {
        List<ObjectNode> all = new ArrayList<>();
        infos.values().forEach(info -> all.add(info.deepCopy()));
        return all;
    }

    synchronized void delete(String id) {
        require(id);
        String core = coreIds.remove(id);
        if (core != null) {
            try {
                tb.deleteOtaPackage(core);
            } catch (NotFoundException gone) {
                // deleted through another door already
            }
        }
        infos.remove(id);
    }

    /**
     * Assigns the package to the device through the core's OTA (the {@code fw_*} shared attributes are pushed),
     * or un-assigns when {@code packageId} is null; refused as ThingsBoard's validator refuses.
     */
    synchronized void assign(String device, String packageId, OtaPackageType slot, String deviceProfileId) {
        if (packageId == null) {
            tb.unassignOtaPackage(device, slot);
        } else {
            tb.assignOtaPackage(device, check(packageId, slot, deviceProfileId));
        }
    }

    /**
     * Whether the package may go into the slot of a device of that profile, before anything is saved.
     *
     * @return the core's id of the package
     * @throws TbError 400 as ThingsBoard's validator refuses
     */
    synchronized String check(String packageId, OtaPackageType slot, String deviceProfileId) {
        String kind = slot == OtaPackageType.FIRMWARE ? "firmware" : "software";
        ObjectNode info = infos.get(packageId);
        if (info == null) {
            throw TbError.badRequest("Can't assign non-existent " + kind + "!");
        }
        if (!info.get("type").asText().equals(slot.name())) {
            throw TbError.badRequest("Can't assign " + kind + " with type: " + info.get("type").asText());
        }
        String core = coreIds.get(packageId);
        if (core == null) {
            throw TbError.badRequest("Can't assign " + kind + " with empty data!");
        }
        String packageProfile = info.path("deviceProfileId").path("id").asText(null);
        if (packageProfile != null && !packageProfile.equals(deviceProfileId)) {
            throw TbError.badRequest("Can't assign " + kind + " with different deviceProfile!");
        }
        return core;
    }

    private ObjectNode require(String id) {
        ObjectNode info = infos.get(TbIds.uuid(id));
        if (info == null) {
            throw TbError.notFound("Ota package with id [" + id + "] is not found");
        }
        return info;
    }
}
