package io.tbmock.server.internal.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One device's server-side RPCs. Ids count from 0 for the device's life (ThingsBoard's device actor
 * counter); at most {@code capacity} RPCs are kept, the oldest finished ones dropped first.
 */
public final class RpcStore {
    private final int capacity;
    // Guarded by this.
    private final Map<Integer, ServerRpcRecord> byId = new LinkedHashMap<>();
    private int nextId;
    private long dropped;

    public RpcStore(int capacity) {
        this.capacity = capacity;
    }

    /** Creates the next RPC, with the next id. */
    public synchronized ServerRpcRecord create(String method, String params, boolean oneway, long now, long expiresAt) {
        ServerRpcRecord rpc = new ServerRpcRecord(nextId++, method, params, oneway, now, expiresAt);
        byId.put(rpc.id(), rpc);
        if (byId.size() > capacity) {
            for (Iterator<ServerRpcRecord> it = byId.values().iterator(); it.hasNext(); ) {
                ServerRpcRecord old = it.next();
                if (old.done().isDone()) {
                    it.remove();
                    dropped++;
                    break;
                }
            }
        }
        return rpc;
    }

    /** The RPC with this id, or null. */
    public synchronized ServerRpcRecord get(int id) {
        return byId.get(id);
    }

    public synchronized List<ServerRpcRecord> all() {
        return new ArrayList<>(byId.values());
    }

    /** Those still to be (re)sent, oldest first. */
    public synchronized List<ServerRpcRecord> awaitingDelivery() {
        List<ServerRpcRecord> pending = new ArrayList<>();
        byId.values().forEach(rpc -> {
            if (rpc.awaitsDelivery()) {
                pending.add(rpc);
            }
        });
        return pending;
    }

    /**
     * The oldest RPC not yet finished, delivered or not, or null: what a poll is handed (ThingsBoard's device
     * actor sends its first pending RPC to a SYNC session, again until it is answered or expires).
     */
    public synchronized ServerRpcRecord firstUnfinished() {
        for (ServerRpcRecord rpc : byId.values()) {
            if (!rpc.done().isDone()) {
                return rpc;
            }
        }
        return null;
    }

    /** Finished RPCs dropped to stay within the capacity. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Forgets every RPC (ids keep counting); unfinished ones fail, so nobody waits forever. */
    public void clear() {
        List<ServerRpcRecord> forgotten;
        synchronized (this) {
            forgotten = new ArrayList<>(byId.values());
            byId.clear();
            dropped = 0;
        }
        forgotten.forEach(rpc -> rpc.failed("the mock's recorded data was reset"));
    }

    /** Ends every unfinished RPC as FAILED with {@code why}, so nobody waits for it any longer. */
    public void failUnfinished(String why) {
        all().forEach(rpc -> rpc.failed(why));
    }
}
