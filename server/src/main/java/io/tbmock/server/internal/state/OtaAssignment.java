package io.tbmock.server.internal.state;

import io.tbmock.server.model.OtaFaults;
import io.tbmock.server.model.OtaPackage;
import io.tbmock.server.model.OtaProgress;

import java.util.ArrayList;
import java.util.List;

/** A package assigned to a device, its injected faults and how the update goes. */
public final class OtaAssignment {
    private final OtaPackage pkg;
    private final OtaFaults faults;
    // Guarded by this.
    private long chunksServed;
    private long bytesServed;
    private final List<String> states = new ArrayList<>();
    private boolean corrupted;
    private boolean dropped;

    public OtaAssignment(OtaPackage pkg, OtaFaults faults) {
        this.pkg = pkg;
        this.faults = faults;
    }

    public OtaPackage pkg() {
        return pkg;
    }

    public OtaFaults faults() {
        return faults;
    }

    /** A chunk answered; an empty one past the end is not counted as a chunk. */
    public synchronized void served(int bytes) {
        if (bytes > 0) {
            chunksServed++;
        }
        bytesServed += bytes;
    }

    public synchronized void state(String state) {
        states.add(state);
    }

    /** Whether this serving of the chunk is the one to corrupt: the first serving of the faulty index only. */
    public synchronized boolean corruptNow(int chunk) {
        if (faults.corruptChunk() == null || faults.corruptChunk() != chunk || corrupted) {
            return false;
        }
        corrupted = true;
        return true;
    }

    /** Whether the connection is to be dropped after this chunk: the first serving of the index only. */
    public synchronized boolean dropAfter(int chunk) {
        if (faults.dropAfterChunk() == null || faults.dropAfterChunk() != chunk || dropped) {
            return false;
        }
        dropped = true;
        return true;
    }

    public synchronized void clearProgress() {
        chunksServed = 0;
        bytesServed = 0;
        states.clear();
    }

    public synchronized OtaProgress progress() {
        return new OtaProgress(pkg.id(), pkg.title(), pkg.version(), chunksServed, bytesServed, states);
    }
}
