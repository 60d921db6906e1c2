package io.tbmock.server.internal.state;

import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;

import java.util.concurrent.CompletableFuture;

/**
 * One server-side RPC and its life: QUEUED → SENT (QoS 1) → DELIVERED → SUCCESSFUL, or TIMEOUT/FAILED.
 * Transitions are atomic and only move forward; {@link #done()} completes when a final state is reached.
 */
public final class ServerRpcRecord {
    private final int id;
    private final String method;
    private final String params;
    private final boolean oneway;
    private final long createdAt;
    private final long expiresAt;
    private final CompletableFuture<ServerRpc> done = new CompletableFuture<>();
    // Guarded by this.
    private RpcStatus status = RpcStatus.QUEUED;
    private String response;
    private String error;
    private Object sentOn;
    private boolean sent;
    private boolean nonJsonReply;

    public ServerRpcRecord(int id, String method, String params, boolean oneway, long createdAt, long expiresAt) {
        this.id = id;
        this.method = method;
        this.params = params;
        this.oneway = oneway;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public int id() {
        return id;
    }

    public String method() {
        return method;
    }

    public String params() {
        return params;
    }

    public boolean oneway() {
        return oneway;
    }

    /** Completes with the final state. */
    public CompletableFuture<ServerRpc> done() {
        return done;
    }

    /** Not yet delivered, so (re)sent when the device subscribes: QUEUED, or SENT without an acknowledgement. */
    public synchronized boolean awaitsDelivery() {
        return status == RpcStatus.QUEUED || status == RpcStatus.SENT;
    }

    /**
     * Claims the right to send this RPC on a session (any object identifying it): true once per session,
     * and only while it awaits delivery. A device that reconnects gets what it never acknowledged again.
     */
    public synchronized boolean claimSend(Object session) {
        if (!awaitsDelivery() || sentOn == session) {
            return false;
        }
        sentOn = session;
        return true;
    }

    /** Whether a session has claimed the right to send it ({@link #claimSend}). */
    public synchronized boolean claimed() {
        return sentOn != null;
    }

    /** Written to the device: delivered at QoS 0, sent (awaiting PUBACK) at QoS 1. */
    public void written(int qos) {
        markSent();
        move(qos == 0 ? RpcStatus.DELIVERED : RpcStatus.SENT, null, null, RpcStatus.QUEUED, RpcStatus.SENT);
    }

    private synchronized void markSent() {
        sent = true;
    }

    /**
     * Written to a gateway for its child: a one-way RPC is then delivered; a two-way one stays SENT until the
     * reply, since ThingsBoard takes no status from the gateway's PUBACK.
     */
    public void sentToGateway() {
        markSent();
        move(oneway ? RpcStatus.DELIVERED : RpcStatus.SENT, null, null, RpcStatus.QUEUED, RpcStatus.SENT);
    }

    /**
     * Handed to a device in the answer to its poll (HTTP): delivered at once, as ThingsBoard counts it; a one-way
     * RPC is then done.
     */
    public void polled() {
        markSent();
        move(RpcStatus.DELIVERED, null, null, RpcStatus.QUEUED, RpcStatus.SENT);
    }

    public void acknowledged() {
        move(RpcStatus.DELIVERED, null, null, RpcStatus.QUEUED, RpcStatus.SENT);
    }

    /**
     * @param nonJson the reply was not JSON, and {@code response} is {@code {"error":"<text>"}} for it
     * @return false when no reply is awaited (one-way, or already final)
     */
    public boolean replied(String response, boolean nonJson) {
        if (oneway) {
            return false;
        }
        synchronized (this) {
            if (status.isFinal(oneway)) {
                return false;
            }
            nonJsonReply = nonJson;
        }
        return move(RpcStatus.SUCCESSFUL, response, null, RpcStatus.QUEUED, RpcStatus.SENT, RpcStatus.DELIVERED);
    }

    /** @return whether it timed out now (false when it had finished already) */
    public boolean timedOut() {
        return move(RpcStatus.TIMEOUT, null, null, RpcStatus.QUEUED, RpcStatus.SENT, RpcStatus.DELIVERED);
    }

    public void failed(String why) {
        move(RpcStatus.FAILED, null, why, RpcStatus.QUEUED, RpcStatus.SENT, RpcStatus.DELIVERED);
    }

    public synchronized ServerRpc snapshot() {
        return new ServerRpc(id, method, params, oneway, status, response, createdAt, expiresAt, error, sent, nonJsonReply);
    }

    private boolean move(RpcStatus to, String newResponse, String newError, RpcStatus... from) {
        ServerRpc finished;
        synchronized (this) {
            if (status.isFinal(oneway) || !isOneOf(status, from)) {
                return false;
            }
            status = to;
            if (newResponse != null) {
                response = newResponse;
            }
            error = newError;
            if (!to.isFinal(oneway)) {
                return true;
            }
            finished = snapshot();
        }
        done.complete(finished);
        return true;
    }

    private static boolean isOneOf(RpcStatus status, RpcStatus... candidates) {
        for (RpcStatus candidate : candidates) {
            if (candidate == status) {
                return true;
            }
        }
        return false;
    }
}
