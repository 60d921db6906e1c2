package io.tbmock.server.internal.tb;

import io.tbmock.server.ConflictException;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.device.OtaDownload;
import io.tbmock.server.internal.state.DeviceEntry;
import io.tbmock.server.internal.state.DeviceRegistry;
import io.tbmock.server.internal.state.OtaAssignment;
import io.tbmock.server.internal.state.OtaPackages;
import io.tbmock.server.internal.state.StoredPackage;
import io.tbmock.server.model.ChecksumAlgorithm;
import io.tbmock.server.model.DataType;
import io.tbmock.server.model.EventType;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.NewOtaPackage;
import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaPackageType;
import io.tbmock.server.model.OtaProgress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Firmware and software over the air (docs/thingsboard-mqtt.md §10): packages, their assignment to devices through shared
 * attributes and server-side telemetry, the progress devices report, and the bytes they download by any
 * transport, with the faults a test may inject.
 */
public final class OtaService {
    /** Un-assigning deletes these, in ThingsBoard's OtaPackageKey order. */
    private static final List<String> KEYS = List.of("title", "version", "ts", "state", "size", "checksum",
        "checksum_algorithm", "url", "tag");

    private final OtaPackages packages;
    private final DeviceRegistry devices;
    private final AttributeService attributes;
    private final Exchanges exchanges;
    private final LongSupplier clock;

    public OtaService(OtaPackages packages, DeviceRegistry devices, AttributeService attributes, Exchanges exchanges,
                      LongSupplier clock) {
        this.packages = packages;
        this.devices = devices;
        this.attributes = attributes;
        this.exchanges = exchanges;
        this.clock = clock;
    }

    // --- packages -------------------------------------------------------------------------------------

    /**
     * Stores a package. A binary package needs bytes; its checksum is computed unless given.
     *
     * @throws InvalidRequestException a field is missing, or a binary package has no bytes
     * @throws ConflictException       the type, title and version exist already
     */
    public OtaPackage upload(NewOtaPackage spec, byte[] data) {
        require(spec.title(), "title");
        require(spec.version(), "version");
        if (spec.type() == null) {
            throw new InvalidRequestException("type", "type must be FIRMWARE or SOFTWARE");
        }
        byte[] bytes = data == null ? new byte[0] : data;
        boolean url = spec.url() != null && !spec.url().isBlank();
        if (!url && bytes.length == 0) {
            throw new InvalidRequestException("data", "the package's bytes are empty (ThingsBoard: "
                + "\"OtaPackage data should be specified!\"); give bytes, or a url for a package hosted elsewhere");
        }
        ChecksumAlgorithm algorithm = spec.checksumAlgorithm();
        String checksum = spec.checksum();
        if (!url && algorithm == null) {
            algorithm = ChecksumAlgorithm.SHA256;
        }
        if (checksum == null && bytes.length > 0 && algorithm != null) {
            checksum = Checksums.of(algorithm, bytes);
        }
        OtaPackage info = new OtaPackage(UUID.randomUUID().toString(), spec.title(), spec.version(), spec.type(),
            blankToNull(spec.tag()), url ? spec.url() : null, bytes.length > 0 ? (long) bytes.length : null, checksum,
            algorithm);
        packages.add(new StoredPackage(info, bytes));
        return info;
    }

    public List<OtaPackage> packages() {
        return packages.all();
    }

    /** @throws io.tbmock.server.NotFoundException no package has that id */
    public OtaPackage pkg(String packageId) {
        return packages.require(packageId).info();
    }

    /** @throws ConflictException a device has it assigned, as ThingsBoard refuses */
    public void delete(String packageId) {
        packages.require(packageId);
        for (DeviceEntry device : devices.all()) {
            for (OtaPackageType type : OtaPackageType.values()) {
                OtaAssignment assignment = device.ota(type);
                if (assignment != null && assignment.pkg().id().equals(packageId)) {
                    throw new ConflictException("the package is assigned to device '" + device.name()
                        + "'; un-assign it first");
                }
            }
        }
        packages.remove(packageId);
    }

    // --- assignment -----------------------------------------------------------------------------------

    /**
     * Assigns a package as ThingsBoard's OTA state service does: target telemetry and {@code fw_state}
     * QUEUED, then INITIATED; then the keys that do not apply are deleted and the {@code fw_*} shared
     * attributes set, each pushed to a subscribed device.
     *
     * @return whether the attributes were pushed to the device
     * @throws InvalidRequestException a fault's chunk index is negative, or its delay not from 0 to
     *                                 {@link OtaFaults#MAX_CHUNK_DELAY}
     * @throws ConflictException       the device is a gateway's child
     */
    public boolean assign(String deviceName, String packageId, OtaFaults faults) {
        DeviceEntry device = devices.require(deviceName);
        if (device.lastConnectedGateway() != null) {
            throw new ConflictException("device '" + deviceName + "' is a child of gateway '"
                + device.lastConnectedGateway().name() + "': it has no MQTT connection of its own to download a package on, "
                + "so tbmock does not assign OTA packages to gateway children");
        }
        OtaPackage pkg = packages.require(packageId).info();
        OtaAssignment assignment = new OtaAssignment(pkg, checked(faults == null ? OtaFaults.NONE : faults));
        device.assign(pkg.type(), assignment);
        String prefix = pkg.type().prefix();
        long ts = clock.getAsLong();
        Map<String, KvValue> target = new LinkedHashMap<>();
        target.put("target_" + prefix + "_title", KvValue.of(pkg.title()));
        target.put("target_" + prefix + "_version", KvValue.of(pkg.version()));
        if (pkg.tag() != null) {
            target.put("target_" + prefix + "_tag", KvValue.of(pkg.tag()));
        }
        target.put("target_" + prefix + "_ts", KvValue.of(ts));
        target.put(prefix + "_state", KvValue.of("QUEUED"));
        device.telemetry().add(ts, target);
        assignment.state("QUEUED");
        device.telemetry().add(clock.getAsLong(), Map.of(prefix + "_state", KvValue.of("INITIATED")));
        assignment.state("INITIATED");

        Map<String, KvValue> values = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        values.put(prefix + "_title", KvValue.of(pkg.title()));
        values.put(prefix + "_version", KvValue.of(pkg.version()));
        if (pkg.tag() != null) {
            values.put(prefix + "_tag", KvValue.of(pkg.tag()));
        } else {
            remove.add(prefix + "_tag");
        }
        if (pkg.hasUrl()) {
            values.put(prefix + "_url", KvValue.of(pkg.url()));
        } else {
            remove.add(prefix + "_url");
        }
        putOrRemove(values, remove, prefix + "_size", pkg.size() == null ? null : KvValue.of(pkg.size()));
        putOrRemove(values, remove, prefix + "_checksum_algorithm",
            pkg.checksumAlgorithm() == null ? null : KvValue.of(pkg.checksumAlgorithm().name()));
        putOrRemove(values, remove, prefix + "_checksum", pkg.checksum() == null ? null : KvValue.of(pkg.checksum()));
        attributes.deleteShared(device, remove); // ThingsBoard pushes the delete even for keys that never existed
        return attributes.updateShared(device, values);
    }

    private static OtaFaults checked(OtaFaults faults) {
        if (faults.corruptChunk() != null && faults.corruptChunk() < 0) {
            throw new InvalidRequestException("faults.corruptChunk", "'faults.corruptChunk' must not be negative");
        }
        if (faults.dropAfterChunk() != null && faults.dropAfterChunk() < 0) {
            throw new InvalidRequestException("faults.dropAfterChunk", "'faults.dropAfterChunk' must not be negative");
        }
        if (faults.chunkDelay().isNegative() || faults.chunkDelay().compareTo(OtaFaults.MAX_CHUNK_DELAY) > 0) {
            throw new InvalidRequestException("faults.chunkDelayMs", "'faults.chunkDelayMs' must be from 0 to "
                + OtaFaults.MAX_CHUNK_DELAY.toMillis() + " ms, was " + faults.chunkDelay().toMillis());
        }
        return faults;
    }

    /** Deletes all nine attributes of the type and forgets the assignment. @return whether it was pushed */
    public boolean unassign(String deviceName, OtaPackageType type) {
        DeviceEntry device = devices.require(deviceName);
        device.assign(type, null);
        List<String> keys = new ArrayList<>();
        KEYS.forEach(key -> keys.add(type.prefix() + "_" + key));
        return attributes.deleteShared(device, keys);
    }

    /** How the device's update of that type goes, if a package is assigned. */
    public Optional<OtaProgress> progress(String deviceName, OtaPackageType type) {
        return Optional.ofNullable(devices.require(deviceName).ota(type)).map(OtaAssignment::progress);
    }

    /** A device's telemetry: {@code fw_state}/{@code sw_state} values go into the update's progress. */
    public void reported(DeviceEntry device, Map<String, KvValue> telemetry) {
        for (OtaPackageType type : OtaPackageType.values()) {
            KvValue state = telemetry.get(type.prefix() + "_state");
            OtaAssignment assignment = device.ota(type);
            if (state != null && assignment != null) {
                assignment.state(state.type() == DataType.STRING ? state.asString() : state.toJson());
            }
        }
    }

    // --- downloads ------------------------------------------------------------------------------------

    /** The package with that id and its bytes, or null when it is gone. */
    public StoredPackage stored(String packageId) {
        return packages.get(packageId);
    }

    /**
     * Chunk {@code index} of {@code size} bytes of a package (the whole file for a size of 0 or less, as
     * ThingsBoard's OTA cache slices it), empty past the end. When the package is the one assigned to the device,
     * the bytes count in the update's progress and its corruption fault applies.
     */
    public byte[] chunk(DeviceEntry device, OtaPackageType type, StoredPackage stored, int size, int index) {
        byte[] data = stored.data();
        long start = size <= 0 ? 0 : Math.min((long) size * index, data.length);
        long end = size <= 0 ? data.length : Math.min((long) size * (index + 1), data.length);
        byte[] chunk = Arrays.copyOfRange(data, (int) start, (int) end);
        OtaAssignment assignment = device.ota(type);
        if (assignment != null && assignment.pkg().id().equals(stored.info().id())) {
            assignment.served(chunk.length);
            if (chunk.length > 0 && assignment.corruptNow(index)) {
                chunk[chunk.length / 2] ^= (byte) 0xFF;
            }
        }
        return chunk;
    }

    /**
     * A download over HTTP (docs/thingsboard-http.md §12): the package assigned to the device if its title and
     * version are those asked for; the whole file for a size of 0 or less, else chunk {@code chunk}, empty past the
     * end. Counts in the update's progress, and a corruption fault applies, as over MQTT.
     *
     * @throws IndexOutOfBoundsException a negative chunk of a positive size (ThingsBoard fails on it)
     */
    OtaDownload download(DeviceContext from, String where, OtaPackageType type, String title, String version,
                         int size, int chunk) {
        String asked = JsonWriter.object(json -> json.field("title", title).field("version", version)
            .field("size", size).field("chunk", chunk));
        exchanges.received(from, EventType.OTA_CHUNK_REQUEST, where, asked, null);
        OtaAssignment assignment = from.device().ota(type);
        StoredPackage stored = assignment == null || assignment.pkg().hasUrl() ? null
            : packages.get(assignment.pkg().id());
        if (stored == null) {
            exchanges.sent(from, EventType.OTA_CHUNK, where, null, "no " + type.name().toLowerCase(Locale.ROOT)
                + " package with data is assigned to the device (HTTP 404)");
            return new OtaDownload.NotFound();
        }
        if (!stored.info().title().equals(title) || !stored.info().version().equals(version)) {
            exchanges.sent(from, EventType.OTA_CHUNK, where, null, "the assigned package is "
                + stored.info().title() + " " + stored.info().version() + ", not the one asked for (HTTP 400)");
            return new OtaDownload.Mismatch();
        }
        if (size > 0 && chunk < 0) {
            throw new IndexOutOfBoundsException("chunk " + chunk);
        }
        byte[] bytes = chunk(from.device(), type, stored, size, Math.max(chunk, 0));
        int index = chunk;
        exchanges.sent(from, EventType.OTA_CHUNK, where, JsonWriter.object(json -> json.field("package",
            stored.info().id()).field("chunk", index).field("bytes", bytes.length)), null);
        return new OtaDownload.Chunk(bytes, stored.info().id(), stored.info().title());
    }

    private static void putOrRemove(Map<String, KvValue> values, List<String> remove, String key, KvValue value) {
        if (value == null) {
            remove.add(key);
        } else {
            values.put(key, value);
        }
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestException(field, field + " is required");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
