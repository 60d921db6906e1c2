package io.tbmock.server.internal.state;

import io.tbmock.server.model.ClientRpcRequest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** One device's client-side RPC requests, oldest first, at most {@code capacity}. */
public final class ClientRpcLog {
    private final int capacity;
    // Guarded by this.
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long dropped;

    public ClientRpcLog(int capacity) {
        this.capacity = capacity;
    }

    /** A recorded request, to which the answer is added once sent. */
    public static final class Entry {
        private final int id;
        private final String method;
        private final String params;
        private final long ts;
        private volatile String response;
        private volatile boolean forgotten;

        Entry(int id, String method, String params, long ts) {
            this.id = id;
            this.method = method;
            this.params = params;
            this.ts = ts;
        }

        public void answered(String response) {
            this.response = response;
        }

        /** Cleared by a reset: an answer still scheduled for it is dropped without a trace. */
        public boolean forgotten() {
            return forgotten;
        }

        public ClientRpcRequest snapshot() {
            return new ClientRpcRequest(id, method, params, ts, response);
        }
    }

    public synchronized Entry add(int id, String method, String params, long ts) {
        Entry entry = new Entry(id, method, params, ts);
        entries.addLast(entry);
        if (entries.size() > capacity) {
            entries.removeFirst();
            dropped++;
        }
        return entry;
    }

    public synchronized List<ClientRpcRequest> all() {
        List<ClientRpcRequest> all = new ArrayList<>(entries.size());
        entries.forEach(entry -> all.add(entry.snapshot()));
        return all;
    }

    /** Requests dropped to stay within the capacity. */
    public synchronized long dropped() {
        return dropped;
    }

    public synchronized void clear() {
        entries.forEach(entry -> entry.forgotten = true);
        entries.clear();
        dropped = 0;
    }
}
