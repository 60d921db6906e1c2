package io.tbmock.server.internal.state;

import io.tbmock.server.ConflictException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.model.OtaPackage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Uploaded OTA packages by id, in upload order; a title and version is unique per type, as in ThingsBoard. */
public final class OtaPackages {
    // Guarded by this.
    private final Map<String, StoredPackage> byId = new LinkedHashMap<>();

    /** @throws ConflictException a package of the type with that title and version exists */
    public synchronized void add(StoredPackage stored) {
        OtaPackage info = stored.info();
        for (StoredPackage other : byId.values()) {
            if (other.info().type() == info.type() && other.info().title().equals(info.title())
                && other.info().version().equals(info.version())) {
                throw new ConflictException("a " + info.type() + " package with title '" + info.title()
                    + "' and version '" + info.version() + "' already exists");
            }
        }
        byId.put(info.id(), stored);
    }

    /** The package, or null. */
    public synchronized StoredPackage get(String id) {
        return byId.get(id);
    }

    /** @throws NotFoundException no package has that id */
    public synchronized StoredPackage require(String id) {
        StoredPackage stored = id == null ? null : byId.get(id);
        if (stored == null) {
            throw new NotFoundException("no OTA package with id '" + id + "'");
        }
        return stored;
    }

    public synchronized void remove(String id) {
        require(id);
        byId.remove(id);
    }

    public synchronized List<OtaPackage> all() {
        List<OtaPackage> all = new ArrayList<>();
        byId.values().forEach(stored -> all.add(stored.info()));
        return all;
    }

    public synchronized void clear() {
        byId.clear();
    }
}
