package io.tbmock.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpMethod;
import io.tbmock.admin.internal.endpoints.AddClientRpcStub;
import io.tbmock.admin.internal.endpoints.AddFault;
import io.tbmock.admin.internal.endpoints.AssignOtaPackage;
import io.tbmock.admin.internal.endpoints.CreateDevice;
import io.tbmock.admin.internal.endpoints.CreateProvisionProfile;
import io.tbmock.admin.internal.endpoints.GetEvents;
import io.tbmock.admin.internal.endpoints.GetFault;
import io.tbmock.admin.internal.endpoints.GetOtaProgress;
import io.tbmock.admin.internal.endpoints.Health;
import io.tbmock.admin.internal.endpoints.OpenApiDocument;
import io.tbmock.admin.internal.endpoints.SaveDeviceProfile;
import io.tbmock.admin.internal.endpoints.SendRpc;
import io.tbmock.admin.internal.endpoints.UpdateCredentials;
import io.tbmock.admin.internal.endpoints.UploadOtaPackage;
import io.tbmock.admin.internal.endpoints.WebViewFiles;
import io.tbmock.server.NotFoundException;
import io.tbmock.server.TbMock;
import io.tbmock.server.TbMockServer;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.OtaPackageType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/**
 * The admin API, one line per endpoint (docs/admin-api.md is the contract; the OpenAPI document served at
 * {@code /admin/openapi.json} describes every route here).
 */
public final class AdminRoutes {
    private final List<Route> routes = new ArrayList<>();

    /** Every endpoint answers with a future: one that waits (for a device, the CA, a state) holds no thread. */
    /** @param more routes served beside the admin API's own (ThingsBoard's REST API) */
    public AdminRoutes(TbMockServer server, IntSupplier httpPort, List<Route> more) {
        TbMock tb = server.mock();
        add(GET, "/admin/health", new Health(server, httpPort));
        // Whoever opens the server's address in a browser gets the web view.
        add(GET, "/", request -> ApiResponse.redirect(WebViewFiles.PATH).done());
        WebViewFiles webView = new WebViewFiles();
        // The start line names /admin: whoever opens it in a browser gets the web view.
        for (String entry : new String[] {"/admin", "/admin/", "/admin/ui"}) {
            add(GET, entry, request -> ApiResponse.redirect(WebViewFiles.PATH).done());
        }
        add(GET, WebViewFiles.PATH, webView);
        add(GET, WebViewFiles.PATH + "{file}", webView);
        add(GET, "/admin/stats", request -> ApiResponse.ok(JsonViews.stats(tb.stats())).done());
        add(GET, "/admin/openapi.json", new OpenApiDocument());
        add(POST, "/admin/reset", request -> tb.resetAsync().thenApply(done -> ApiResponse.NO_CONTENT));
        add(GET, "/admin/certs/ca.pem", request -> tb.caCertificatePemAsync()
            .thenApply(pem -> ApiResponse.text("application/x-pem-file", pem)));
        add(POST, "/admin/reset/data", request -> {
            tb.resetData();
            return ApiResponse.NO_CONTENT.done();
        });

        add(POST, "/admin/devices", new CreateDevice(tb));
        add(GET, "/admin/devices", request -> {
            var list = Json.array();
            tb.devices().forEach(device -> list.add(JsonViews.device(device)));
            return ApiResponse.ok(list).done();
        });
        add(GET, "/admin/device-ids/{id}", request -> ApiResponse.ok(JsonViews.device(tb.deviceById(request.path("id")))).done());
        add(POST, "/admin/devices/{device}/credentials", new UpdateCredentials(tb));
        add(GET, "/admin/devices/{device}", request -> ApiResponse.ok(JsonViews.device(tb.device(request.path("device")))).done());
        add(POST, "/admin/devices/{device}/rename", request -> {
            ObjectNode body = request.jsonObject();
            Json.onlyFields(body, "", "name");
            return ApiResponse.ok(JsonViews.device(tb.renameDevice(request.path("device"),
                Json.requiredString(body, "name")))).done();
        });
        add(DELETE, "/admin/devices/{device}",
            request -> tb.deleteDeviceAsync(request.path("device")).thenApply(deleted -> ApiResponse.NO_CONTENT));
        add(GET, "/admin/devices/{device}/children", request -> {
            var list = Json.array();
            tb.children(request.path("device")).forEach(child -> list.add(JsonViews.device(child)));
            return ApiResponse.ok(list).done();
        });
        add(GET, "/admin/devices/{device}/connectivity", request -> ApiResponse.ok(ConnectivityCommands.of(
            tb.device(request.path("device")), request.baseUrl(), server.mqttPort(), server.mqttsPort())).done());
        add(GET, "/admin/devices/{device}/state",
            request -> ApiResponse.ok(JsonViews.deviceState(tb.deviceState(request.path("device")))).done());
        add(GET, "/admin/devices/{device}/session",
            request -> ApiResponse.ok(JsonViews.session(tb.session(request.path("device")))).done());
        add(POST, "/admin/devices/{device}/disconnect", request -> {
            Integer reasonCode = null;
            if (request.body().length > 0) {
                ObjectNode body = request.jsonObject();
                Json.onlyFields(body, "", "reasonCode");
                reasonCode = Json.integer(body, "reasonCode", "reasonCode");
            }
            if (reasonCode == null) {
                tb.disconnect(request.path("device")); // as a network fault: no DISCONNECT
            } else {
                tb.disconnect(request.path("device"), reasonCode);
            }
            return ApiResponse.NO_CONTENT.done();
        });

        add(GET, "/admin/devices/{device}/telemetry", request -> ApiResponse.ok(
            JsonViews.timeseries(tb.telemetry(request.path("device"), request.queryList("keys")))).done());
        add(GET, "/admin/devices/{device}/telemetry/latest", request -> ApiResponse.ok(
            JsonViews.values(tb.latestTelemetry(request.path("device"), request.queryList("keys")))).done());
        add(POST, "/admin/devices/{device}/telemetry", request -> {
            tb.saveTelemetryJson(request.path("device"), new String(request.body(), StandardCharsets.UTF_8));
            return ApiResponse.NO_CONTENT.done();
        });
        add(DELETE, "/admin/devices/{device}/telemetry", request -> ApiResponse.ok(Json.object().put("deleted",
            tb.deleteTelemetry(request.path("device"), request.queryLong("startTs", Long.MIN_VALUE, Long.MIN_VALUE,
                Long.MAX_VALUE), request.queryLong("endTs", Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE),
                request.queryList("keys")))).done());
        add(GET, "/admin/devices/{device}/attributes",
            request -> ApiResponse.ok(JsonViews.attributes(tb.attributes(request.path("device")))).done());
        add(GET, "/admin/devices/{device}/attributes/{scope}", request -> ApiResponse.ok(JsonViews.stampedAttributes(
            tb.attributes(request.path("device"), scope(request)))).done());

        add(POST, "/admin/devices/{device}/attributes/shared", request -> {
            request.jsonObject(); // strict JSON object, or a 400
            boolean pushed = tb.setSharedAttributesJson(request.path("device"),
                new String(request.body(), StandardCharsets.UTF_8));
            return ApiResponse.ok(Json.object().put("pushed", pushed)).done();
        });
        add(POST, "/admin/devices/{device}/attributes/client", request -> {
            request.jsonObject(); // strict JSON object, or a 400
            tb.setClientAttributesJson(request.path("device"), new String(request.body(), StandardCharsets.UTF_8));
            return ApiResponse.NO_CONTENT.done();
        });
        add(POST, "/admin/devices/{device}/attributes/server", request -> {
            request.jsonObject(); // strict JSON object, or a 400
            tb.setServerAttributesJson(request.path("device"), new String(request.body(), StandardCharsets.UTF_8));
            return ApiResponse.NO_CONTENT.done();
        });
        add(POST, "/admin/devices/{device}/attributes/{scope}", request -> { // a scope other than the three above
            scope(request);
            throw new IllegalStateException("each scope has a route of its own before this one");
        });
        add(DELETE, "/admin/devices/{device}/attributes/{scope}", request -> {
            boolean pushed = tb.deleteAttributes(request.path("device"), scope(request), request.queryList("keys"));
            return ApiResponse.ok(Json.object().put("pushed", pushed)).done();
        });

        add(POST, "/admin/devices/{device}/rpc", new SendRpc(tb));
        add(GET, "/admin/devices/{device}/rpc", request -> {
            var list = Json.array();
            tb.rpcs(request.path("device")).forEach(rpc -> list.add(JsonViews.rpc(rpc)));
            return ApiResponse.ok(list).done();
        });
        add(GET, "/admin/devices/{device}/rpc/{id}", request -> ApiResponse.ok(
            JsonViews.rpc(tb.rpc(request.path("device"), request.pathInt("id")))).done());

        add(POST, "/admin/client-rpc/stubs", new AddClientRpcStub(tb));
        add(GET, "/admin/client-rpc/stubs", request -> {
            var list = Json.array();
            tb.clientRpcStubs().forEach(stub -> list.add(JsonViews.stub(stub)));
            return ApiResponse.ok(list).done();
        });
        add(DELETE, "/admin/client-rpc/stubs", request -> {
            tb.clearClientRpcStubs();
            return ApiResponse.NO_CONTENT.done();
        });
        add(GET, "/admin/devices/{device}/client-rpc", request -> {
            var list = Json.array();
            tb.clientRpcRequests(request.path("device")).forEach(rpc -> list.add(JsonViews.clientRpc(rpc)));
            return ApiResponse.ok(list).done();
        });

        add(GET, "/admin/devices/{device}/claim", request -> {
            String device = request.path("device");
            return ApiResponse.ok(JsonViews.claim(tb.claim(device).orElseThrow(() ->
                new NotFoundException("device '" + device + "' never asked to be claimed")))).done();
        });

        add(POST, "/admin/provision-profiles", new CreateProvisionProfile(tb));
        add(GET, "/admin/provision-profiles", request -> {
            var list = Json.array();
            tb.provisionProfiles().forEach(profile -> list.add(JsonViews.provisionProfile(profile)));
            return ApiResponse.ok(list).done();
        });
        add(DELETE, "/admin/provision-profiles/{name}", request -> {
            tb.deleteProvisionProfile(request.path("name"));
            return ApiResponse.NO_CONTENT.done();
        });

        add(POST, "/admin/device-profiles", new SaveDeviceProfile(tb));
        add(GET, "/admin/device-profiles", request -> {
            var list = Json.array();
            tb.deviceProfiles().forEach(profile -> list.add(DeviceProfileJson.view(profile)));
            return ApiResponse.ok(list).done();
        });
        add(GET, "/admin/device-profiles/{name}",
            request -> ApiResponse.ok(DeviceProfileJson.view(tb.deviceProfile(request.path("name")))).done());
        add(DELETE, "/admin/device-profiles/{name}", request -> {
            tb.deleteDeviceProfile(request.path("name"));
            return ApiResponse.NO_CONTENT.done();
        });
        add(POST, "/admin/faults", new AddFault(tb));
        add(GET, "/admin/faults", request -> {
            var list = Json.array();
            tb.faults().forEach(fault -> list.add(JsonViews.fault(fault)));
            return ApiResponse.ok(list).done();
        });
        add(GET, "/admin/faults/{id}", new GetFault(tb));
        add(DELETE, "/admin/faults/{id}", request -> {
            tb.removeFault(request.path("id"));
            return ApiResponse.NO_CONTENT.done();
        });
        add(DELETE, "/admin/faults", request -> {
            tb.clearFaults();
            return ApiResponse.NO_CONTENT.done();
        });
        add(POST, "/admin/ota/packages", new UploadOtaPackage(tb));
        add(GET, "/admin/ota/packages", request -> {
            var list = Json.array();
            tb.otaPackages().forEach(pkg -> list.add(JsonViews.otaPackage(pkg)));
            return ApiResponse.ok(list).done();
        });
        add(GET, "/admin/ota/packages/{id}",
            request -> ApiResponse.ok(JsonViews.otaPackage(tb.otaPackage(request.path("id")))).done());
        add(DELETE, "/admin/ota/packages/{id}", request -> {
            tb.deleteOtaPackage(request.path("id"));
            return ApiResponse.NO_CONTENT.done();
        });
        add(POST, "/admin/devices/{device}/ota", new AssignOtaPackage(tb));
        add(GET, "/admin/devices/{device}/ota", new GetOtaProgress(tb));
        add(DELETE, "/admin/devices/{device}/ota", request -> {
            String type = request.query("type");
            boolean pushed = tb.unassignOtaPackage(request.path("device"),
                type == null ? OtaPackageType.FIRMWARE : Json.enumValue(OtaPackageType.class, type, "type"));
            return ApiResponse.ok(Json.object().put("pushed", pushed)).done();
        });

        add(GET, "/admin/events", new GetEvents(tb));
        routes.addAll(more);
    }

    /** {@code client}, {@code shared} or {@code server}, as the path names them. */
    private static AttributeScope scope(ApiRequest request) {
        String scope = request.path("scope");
        for (AttributeScope candidate : AttributeScope.values()) {
            if (candidate.name().equalsIgnoreCase(scope)) {
                return candidate;
            }
        }
        throw new NotFoundException("no attribute scope '" + scope + "': use client, shared or server");
    }

    private void add(HttpMethod method, String pattern, Endpoint endpoint) {
        routes.add(new Route(method, pattern, endpoint));
    }

    public List<Route> all() {
        return Collections.unmodifiableList(routes);
    }
}
