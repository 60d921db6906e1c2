package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;
import io.tbmock.admin.internal.JsonViews;
import io.tbmock.server.InvalidRequestException;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.AttributeKv;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.KvValue;
import io.tbmock.server.model.TsValue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/**
 * {@code /api/plugins/telemetry/…}: time series and attributes read and written (docs/thingsboard-rest.md §4). As in ThingsBoard,
 * refusals inside these endpoints are plain text; telemetry values read as strings unless
 * {@code useStrictDataTypes=true}, attributes always typed.
 */
final class TelemetryRoutes {
    private static final String PREFIX = "/api/plugins/telemetry";
    private static final String ENTITY = PREFIX + "/{entityType}/{entityId}";
    /** ThingsBoard's entity types other than DEVICE: valid in the path, but tbmock has no such entities. */
    private static final Set<String> OTHER_ENTITY_TYPES = Set.of("TENANT", "CUSTOMER", "USER", "DASHBOARD", "ASSET",
        "ALARM", "RULE_CHAIN", "RULE_NODE", "ENTITY_VIEW", "TENANT_PROFILE", "DEVICE_PROFILE", "ASSET_PROFILE", "EDGE",
        "OTA_PACKAGE", "RPC", "QUEUE");

    private final TbMock tb;
    private final TelemetrySubscriptions subscriptions;

    private TelemetryRoutes(TbMock tb, TelemetrySubscriptions subscriptions) {
        this.tb = tb;
        this.subscriptions = subscriptions;
    }

    static void register(TbRoutes routes, TbMock tb, TelemetrySubscriptions subscriptions) {
        TelemetryRoutes telemetry = new TelemetryRoutes(tb, subscriptions);
        routes.add(GET, ENTITY + "/values/timeseries", (request, user) -> telemetry.timeseries(request));
        routes.add(GET, ENTITY + "/values/timeseries/history", (request, user) -> telemetry.timeseries(request));
        routes.add(GET, ENTITY + "/keys/timeseries", (request, user) -> {
            ArrayNode keys = Json.array();
            telemetry.tb.latestTelemetry(telemetry.device(request).name()).keySet().forEach(keys::add);
            return TbRoutes.ok(keys);
        });
        routes.add(GET, ENTITY + "/values/attributes", (request, user) -> telemetry.attributes(request, null));
        routes.add(GET, ENTITY + "/values/attributes/{scope}",
            (request, user) -> telemetry.attributes(request, readScope(request.path("scope"))));
        routes.add(GET, ENTITY + "/keys/attributes", (request, user) -> telemetry.attributeKeys(request, null));
        routes.add(GET, ENTITY + "/keys/attributes/{scope}",
            (request, user) -> telemetry.attributeKeys(request, readScope(request.path("scope"))));
        routes.add(POST, ENTITY + "/attributes/{scope}", (request, user) -> telemetry.saveAttributes(request));
        routes.add(POST, ENTITY + "/{scope}", (request, user) -> telemetry.saveAttributes(request));
        routes.add(POST, PREFIX + "/{deviceId}/{scope}", (request, user) -> telemetry.saveAttributes(request));
        routes.add(DELETE, ENTITY + "/{scope}", (request, user) -> telemetry.deleteAttributes(request));
        routes.add(DELETE, PREFIX + "/{deviceId}/{scope}", (request, user) -> telemetry.deleteAttributes(request));
        routes.add(DELETE, ENTITY + "/timeseries/delete", (request, user) -> telemetry.deleteTimeseries(request));
        routes.add(POST, ENTITY + "/timeseries/{scope}", (request, user) -> telemetry.saveTimeseries(request));
        routes.add(POST, ENTITY + "/timeseries/{scope}/{ttl}", (request, user) -> telemetry.saveTimeseries(request));
    }

    /** Latest values, or with {@code startTs} and {@code endTs} a range, aggregated when {@code agg} and {@code interval} say. */
    private CompletableFuture<ApiResponse> timeseries(ApiRequest request) {
        Device device = device(request);
        boolean strict = Boolean.parseBoolean(request.query("useStrictDataTypes"));
        String[] keys = keys(request);
        ObjectNode json = Json.object();
        if (request.query("startTs") == null && request.query("endTs") == null) {
            long now = System.currentTimeMillis();
            Map<String, List<TsValue>> series = tb.telemetry(device.name(), keys);
            for (String key : keys.length == 0 ? series.keySet().toArray(String[]::new) : keys) {
                List<TsValue> values = series.get(key);
                ObjectNode point = json.putArray(key).addObject();
                if (values == null || values.isEmpty()) {
                    point.put("ts", now).putNull("value");
                } else {
                    TsValue latest = values.stream().max((a, b) -> Long.compare(a.ts(), b.ts())).orElseThrow();
                    point.put("ts", latest.ts()).set("value", tsValue(latest.value(), strict));
                }
            }
            return TbRoutes.ok(json);
        }
        if (keys.length == 0) {
            return TbRoutes.ok(json);
        }
        TimeseriesQuery query = TimeseriesQuery.of(request);
        tb.telemetry(device.name(), keys).forEach((key, values) -> {
            ArrayNode points = json.putArray(key);
            query.apply(values).forEach(point -> points.addObject().put("ts", point.ts())
                .set("value", tsValue(point.value(), strict)));
        });
        return TbRoutes.ok(json);
    }

    private CompletableFuture<ApiResponse> attributes(ApiRequest request, AttributeScope scope) {
        Device device = device(request);
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(keys(request)));
        ArrayNode list = Json.array();
        for (AttributeScope each : scope == null ? readOrder() : new AttributeScope[] {scope}) {
            for (AttributeKv kv : tb.attributes(device.name(), each)) {
                if (wanted.isEmpty() || wanted.contains(kv.key())) {
                    list.addObject().put("lastUpdateTs", kv.lastUpdateTs()).put("key", kv.key())
                        .set("value", JsonViews.value(kv.value()));
                }
            }
        }
        return TbRoutes.ok(list);
    }

    private CompletableFuture<ApiResponse> attributeKeys(ApiRequest request, AttributeScope scope) {
        Device device = device(request);
        ArrayNode keys = Json.array();
        for (AttributeScope each : scope == null ? readOrder() : new AttributeScope[] {scope}) {
            tb.attributes(device.name(), each).forEach(kv -> keys.add(kv.key()));
        }
        return TbRoutes.ok(keys);
    }

    /** SERVER_SCOPE is kept; SHARED_SCOPE is kept and pushed to the device; CLIENT_SCOPE is the device's alone. */
    private CompletableFuture<ApiResponse> saveAttributes(ApiRequest request) {
        Device device = device(request);
        String scope = request.path("scope");
        if (!scope.equals("SERVER_SCOPE") && !scope.equals("SHARED_SCOPE")) {
            throw textError("Invalid scope: " + scope);
        }
        JsonNode body = Json.tryParse(new String(request.body(), StandardCharsets.UTF_8));
        if (body == null) {
            throw textError("Invalid JSON");
        }
        if (!body.isObject()) {
            throw textError("Request is not a JSON object");
        }
        if (body.isEmpty()) {
            throw textError("No attributes data found in request body!");
        }
        body.fieldNames().forEachRemaining(key -> {
            if (key.isBlank()) {
                throw textError("Key cannot be blank");
            }
        });
        String json = new String(Json.bytes(body), StandardCharsets.UTF_8);
        try {
            if (scope.equals("SHARED_SCOPE")) {
                tb.setSharedAttributesJson(device.name(), json);
            } else {
                tb.setServerAttributesJson(device.name(), json);
            }
        } catch (InvalidRequestException nothingToSet) {
            throw textError("No attributes data found in request body!");
        }
        return TbRoutes.empty(); // the WebSocket's subscribers hear of it from the core
    }

    private CompletableFuture<ApiResponse> deleteAttributes(ApiRequest request) {
        Device device = device(request);
        String[] keys = requiredKeys(request);
        tb.deleteAttributes(device.name(), writeScope(request.path("scope")), keys);
        return TbRoutes.empty();
    }

    private CompletableFuture<ApiResponse> saveTimeseries(ApiRequest request) {
        Device device = device(request);
        JsonNode body = Json.tryParse(new String(request.body(), StandardCharsets.UTF_8));
        if (body == null || !(body.isObject() || body.isArray())) {
            throw textError("Unable to parse time series payload: Invalid JSON body!");
        }
        if (body.isEmpty()) {
            throw textError("No time series data found in request body!");
        }
        try {
            tb.saveTelemetryJson(device.name(), new String(Json.bytes(body), StandardCharsets.UTF_8));
        } catch (InvalidRequestException refused) {
            throw textError("Unable to parse time series payload: " + refused.getMessage());
        }
        subscriptions.changed(device.name());
        return TbRoutes.empty();
    }

    /**
     * {@code DELETE …/timeseries/delete?keys&deleteAllDataForKeys&startTs&endTs}: every value of the keys, or those
     * in {@code [startTs, endTs)}. The latest value is then the newest one left, whatever {@code deleteLatest} and
     * {@code rewriteLatestIfDeleted} say (tbmock keeps no latest value apart from the series).
     */
    private CompletableFuture<ApiResponse> deleteTimeseries(ApiRequest request) {
        Device device = device(request);
        String[] keys = requiredKeys(request);
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (!Boolean.parseBoolean(request.query("deleteAllDataForKeys"))) {
            String start = request.query("startTs");
            String end = request.query("endTs");
            if (start == null || start.isEmpty() || end == null || end.isEmpty()) {
                throw textError("When deleteAllDataForKeys is false, start and end timestamp values shouldn't be empty");
            }
            try {
                from = Long.parseLong(start);
                to = Long.parseLong(end);
            } catch (NumberFormatException e) {
                throw TbError.badRequest("Failed to convert value of type 'java.lang.String' to required type 'long'");
            }
        }
        if (from < to) {
            tb.deleteTelemetry(device.name(), from, to, keys);
        }
        return TbRoutes.empty();
    }

    /**
     * The device the path names: a bad entity type or id is a JSON 400; an unknown device a plain-text 404, as
     * ThingsBoard's access check answers.
     */
    private Device device(ApiRequest request) {
        String type = request.path("entityType");
        if (type != null && !type.equals("DEVICE")) {
            throw OTHER_ENTITY_TYPES.contains(type) ? TbError.text(HttpResponseStatus.NOT_FOUND,
                "tbmock has no entities of type " + type + ": only devices")
                : TbError.badRequest("No enum constant org.thingsboard.server.common.data.EntityType." + type);
        }
        String id = TbIds.uuid(type == null ? request.path("deviceId") : request.path("entityId"));
        try {
            return tb.deviceById(id);
        } catch (NotFoundException e) {
            throw TbError.text(HttpResponseStatus.NOT_FOUND, "Device with requested id wasn't found!");
        }
    }

    /** {@code keys=a,b} or repeated {@code key=a&key=b}. */
    private static String[] keys(ApiRequest request) {
        Set<String> keys = new LinkedHashSet<>(Arrays.asList(request.queryList("keys")));
        keys.addAll(request.queryAll("key"));
        return keys.toArray(String[]::new);
    }

    /** The keys of a deletion, which names at least one. */
    private static String[] requiredKeys(ApiRequest request) {
        String[] keys = keys(request);
        if (keys.length == 0) {
            throw textError("Empty keys: []");
        }
        return keys;
    }

    /** Telemetry reads as strings unless strict: {@code "42.0"}, {@code "true"}, compact JSON. */
    private static JsonNode tsValue(KvValue value, boolean strict) {
        if (strict) {
            return JsonViews.value(value);
        }
        return Json.object().textNode(TbJson.asText(value));
    }

    /** ThingsBoard reads every scope as client, server, then shared. */
    private static AttributeScope[] readOrder() {
        return new AttributeScope[] {AttributeScope.CLIENT, AttributeScope.SERVER, AttributeScope.SHARED};
    }

    private static AttributeScope readScope(String scope) {
        AttributeScope parsed = scopeOrNull(scope);
        if (parsed == null) {
            throw TbError.badRequest("No enum constant org.thingsboard.server.common.data.AttributeScope." + scope);
        }
        return parsed;
    }

    private static AttributeScope writeScope(String scope) {
        AttributeScope parsed = scopeOrNull(scope);
        if (parsed == null) {
            throw textError("Invalid scope: " + scope);
        }
        return parsed;
    }

    private static AttributeScope scopeOrNull(String scope) {
        switch (scope) {
            case "CLIENT_SCOPE":
                return AttributeScope.CLIENT;
            case "SERVER_SCOPE":
                return AttributeScope.SERVER;
            case "SHARED_SCOPE":
                return AttributeScope.SHARED;
            default:
                return null;
        }
    }

    private static TbError textError(String message) {
        return TbError.text(HttpResponseStatus.BAD_REQUEST, message);
    }
}
