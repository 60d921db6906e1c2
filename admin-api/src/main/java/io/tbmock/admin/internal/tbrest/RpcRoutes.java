package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.RpcRequest;
import io.tbmock.server.model.RpcStatus;
import io.tbmock.server.model.ServerRpc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/**
 * Server-side RPC over REST (docs/thingsboard-rest.md §5): v1 {@code /api/plugins/rpc/…} and v2 {@code /api/rpc/…}, sent through the
 * core's RPC (the same RPC the admin API lists). A call waits for the outcome; a persistent RPC answers its id at
 * once and is read later by it.
 */
final class RpcRoutes {
    /** ThingsBoard raises a shorter timeout to this. */
    private static final long MIN_TIMEOUT_MS = 5000;

    private final TbMock tb;
    private final TbDevices devices;
    private final String tenantId;
    // Guarded by this: persistent RPCs by their id, oldest first.
    private final Map<String, Persisted> persisted = new LinkedHashMap<>();

    /** A persistent RPC: where the core keeps it, and what ThingsBoard shows of the request. */
    private record Persisted(String rpcId, Device device, int coreId, ObjectNode body, long createdTime,
                             long expirationTime) {
    }

    private RpcRoutes(TbMock tb, TbDevices devices, String tenantId) {
        this.tb = tb;
        this.devices = devices;
        this.tenantId = tenantId;
    }

    /** @return what to call at a reset: persistent RPCs are forgotten with their devices */
    static Runnable register(TbRoutes routes, TbMock tb, TbDevices devices, String tenantId) {
        RpcRoutes rpc = new RpcRoutes(tb, devices, tenantId);
        for (String version : new String[] {"/api/plugins/rpc", "/api/rpc"}) {
            boolean v1 = version.equals("/api/plugins/rpc");
            routes.add(POST, version + "/oneway/{deviceId}", (request, user) -> rpc.send(request, true, v1));
            routes.add(POST, version + "/twoway/{deviceId}", (request, user) -> rpc.send(request, false, v1));
        }
        routes.add(GET, "/api/rpc/persistent/{rpcId}", (request, user) -> TbRoutes.ok(rpc.view(rpc.require(request))));
        routes.add(DELETE, "/api/rpc/persistent/{rpcId}", (request, user) -> {
            rpc.delete(rpc.require(request));
            return TbRoutes.empty();
        });
        routes.add(GET, "/api/rpc/persistent/device/{deviceId}", (request, user) -> rpc.byDevice(request));
        return rpc::reset;
    }

    private CompletableFuture<ApiResponse> send(ApiRequest request, boolean oneway, boolean v1) {
        String deviceId = TbIds.uuid(request.path("deviceId"));
        JsonNode body = Json.tryParse(new String(request.body(), StandardCharsets.UTF_8));
        if (!(body instanceof ObjectNode object) || !body.path("method").isTextual()) {
            throw TbError.badRequest("Invalid request body");
        }
        // ThingsBoard takes an RPC without params: the device gets "params":null.
        JsonNode params = object.has("params") ? object.get("params") : object.nullNode();
        Device device;
        try {
            device = tb.deviceById(deviceId);
        } catch (NotFoundException e) {
            throw TbError.text(HttpResponseStatus.NOT_FOUND, "Device with requested id wasn't found!");
        }
        long now = System.currentTimeMillis();
        long expiration = body.path("expirationTime").asLong(0) > 0 ? body.get("expirationTime").asLong()
            : now + Math.max(MIN_TIMEOUT_MS, body.path("timeout").asLong(RpcRequest.DEFAULT_TIMEOUT.toMillis()));
        Duration timeout = Duration.ofMillis(Math.max(1, Math.min(expiration - now, RpcRequest.MAX_TIMEOUT.toMillis())));
        RpcRequest rpc = (oneway ? RpcRequest.oneWay(object.get("method").asText())
            : RpcRequest.twoWay(object.get("method").asText()))
            .params(new String(Json.bytes(params), StandardCharsets.UTF_8)).timeout(timeout);
        if (object.path("persistent").asBoolean(false)) {
            ServerRpc submitted = tb.submitRpc(device.name(), rpc);
            String rpcId = UUID.randomUUID().toString();
            synchronized (this) {
                persisted.put(rpcId, new Persisted(rpcId, device, submitted.id(), object, now, now + timeout.toMillis()));
            }
            return TbRoutes.ok(Json.object().put("rpcId", rpcId));
        }
        return tb.sendRpcAsync(device.name(), rpc).thenApply(finished -> answer(finished, v1));
    }

    /**
     * The outcome as ThingsBoard answers it: the reply's JSON (or no body); 406 for a reply that is not JSON;
     * timeouts v1 408 when delivered, 409 when never delivered; v2 504 for both.
     */
    private static ApiResponse answer(ServerRpc finished, boolean v1) {
        if (finished.status() == RpcStatus.SUCCESSFUL || finished.status() == RpcStatus.DELIVERED) {
            if (finished.nonJsonReply()) {
                return TbError.empty(HttpResponseStatus.NOT_ACCEPTABLE).response();
            }
            JsonNode reply = finished.response() == null ? null : Json.tryParse(finished.response());
            return new ApiResponse(HttpResponseStatus.OK, reply);
        }
        if (!v1) {
            return TbError.empty(HttpResponseStatus.GATEWAY_TIMEOUT).response();
        }
        boolean delivered = finished.sent() && finished.status() == RpcStatus.TIMEOUT;
        return TbError.empty(delivered ? HttpResponseStatus.REQUEST_TIMEOUT : HttpResponseStatus.CONFLICT).response();
    }

    private synchronized Persisted require(ApiRequest request) {
        String rpcId = TbIds.uuid(request.path("rpcId"));
        Persisted rpc = persisted.get(rpcId);
        if (rpc == null) {
            throw TbError.notFound("Rpc with id [" + rpcId + "] is not found");
        }
        return rpc;
    }

    private synchronized void delete(Persisted rpc) {
        persisted.remove(rpc.rpcId());
    }

    private synchronized void reset() {
        persisted.clear();
    }

    private CompletableFuture<ApiResponse> byDevice(ApiRequest request) {
        Device device = devices.require(request.path("deviceId"));
        String status = request.query("rpcStatus");
        if ("DELETED".equals(status)) {
            throw TbError.badRequest("RpcStatus: DELETED");
        }
        List<Persisted> ofDevice;
        synchronized (this) {
            ofDevice = persisted.values().stream().filter(rpc -> rpc.device().id().equals(device.id())).toList();
        }
        List<ObjectNode> views = new ArrayList<>();
        for (Persisted rpc : ofDevice) {
            ObjectNode view = view(rpc);
            if (status == null || status.isEmpty() || view.get("status").asText().equals(status)) {
                views.add(view);
            }
        }
        return TbRoutes.ok(TbPages.page(views, request, "status"));
    }

    /** ThingsBoard's Rpc object, with the status the core's RPC has now. */
    private ObjectNode view(Persisted rpc) {
        ServerRpc now;
        try {
            now = tb.rpc(rpc.device().name(), rpc.coreId());
        } catch (NotFoundException deviceGone) {
            throw TbError.notFound("Rpc with id [" + rpc.rpcId() + "] is not found");
        }
        ObjectNode json = Json.object();
        json.set("id", TbIds.entityId("RPC", rpc.rpcId()));
        json.put("createdTime", rpc.createdTime());
        json.set("tenantId", TbIds.entityId("TENANT", tenantId));
        json.set("deviceId", TbIds.entityId("DEVICE", rpc.device().id()));
        json.put("expirationTime", rpc.expirationTime());
        ObjectNode request = json.putObject("request").put("id", rpc.rpcId());
        request.set("tenantId", TbIds.entityId("TENANT", tenantId));
        request.set("deviceId", TbIds.entityId("DEVICE", rpc.device().id()));
        request.put("oneway", now.oneway()).put("expirationTime", rpc.expirationTime());
        // ThingsBoard keeps the params as the text of their JSON.
        request.putObject("body").put("method", now.method()).put("params", "null".equals(now.params()) ? null
            : now.params());
        request.put("persisted", true).putNull("retries");
        json.set("response", now.response() == null ? Json.object().nullNode() : Json.tryParse(now.response()));
        json.put("status", status(now));
        json.set("additionalInfo", rpc.body().path("additionalInfo").isMissingNode() ? Json.object().nullNode()
            : rpc.body().get("additionalInfo"));
        return json;
    }

    /** ThingsBoard's RpcStatus: a one-way RPC is SUCCESSFUL once delivered; one that never reached the device EXPIRED. */
    private static String status(ServerRpc rpc) {
        if (rpc.status() == RpcStatus.DELIVERED && rpc.oneway()) {
            return "SUCCESSFUL";
        }
        if (rpc.status() == RpcStatus.TIMEOUT && !rpc.sent()) {
            return "EXPIRED";
        }
        return rpc.status().name();
    }
}
