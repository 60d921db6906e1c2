package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.ApiResponse;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.ConflictException;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.Device;
import io.tbmock.server.model.DeviceCredentials;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/** Devices, their credentials and gateway relations (docs/thingsboard-rest.md §3, §9). */
final class DeviceRoutes {
    private DeviceRoutes() {
    }

    static void register(TbRoutes routes, TbMock tb, TbDevices devices) {
        routes.add(POST, "/api/device", (request, user) -> {
            String token = request.query("accessToken");
            DeviceCredentials credentials = token == null || token.isEmpty() ? null : DeviceCredentials.token(token);
            return devices.save(TbRoutes.object(request), credentials).thenApply(ApiResponse::ok);
        });
        routes.add(POST, "/api/device-with-credentials", (request, user) -> {
            ObjectNode body = TbRoutes.object(request);
            if (!body.path("device").isObject() || !body.path("credentials").isObject()) {
                throw TbError.badRequest("Validation error: device and credentials must be specified");
            }
            ObjectNode device = (ObjectNode) body.get("device");
            if (TbIds.idOf(device, "id") != null) {
                throw TbError.badRequest("tbmock saves a device with credentials only when it creates it");
            }
            return devices.save(device, TbDevices.parseCredentials(body.get("credentials"))).thenApply(ApiResponse::ok);
        });
        routes.add(GET, "/api/device/types", TbRoutes.ANY_USER, (request, user) -> TbRoutes.ok(types(tb, devices, user)));
        routes.add(GET, "/api/device/{id}", (request, user) -> TbRoutes.ok(devices.view(devices.require(request.path("id")))));
        routes.add(GET, "/api/device/info/{id}", (request, user) -> TbRoutes.ok(devices.info(devices.require(request.path("id")))));
        routes.add(DELETE, "/api/device/{id}",
            (request, user) -> devices.delete(request.path("id")).thenCompose(deleted -> TbRoutes.empty()));
        routes.add(GET, "/api/device/{id}/credentials",
            (request, user) -> TbRoutes.ok(devices.credentials(devices.require(request.path("id")))));
        routes.add(POST, "/api/device/credentials", (request, user) -> TbRoutes.ok(devices.updateCredentials(TbRoutes.object(request))));
        routes.add(GET, "/api/tenant/devices", (request, user) -> {
            String name = request.query("deviceName");
            if (name != null) {
                return byName(devices, name);
            }
            return TbRoutes.ok(devices.page(tb.devices(), request));
        });
        routes.add(GET, "/api/tenant/deviceInfos", (request, user) -> TbRoutes.ok(devices.infoPage(tb.devices(), request)));
        routes.add(GET, "/api/devices", TbRoutes.ANY_USER, (request, user) -> TbRoutes.ok(byIds(devices, request, user)));
        routes.add(GET, "/api/devices/count/{otaPackageType}/{deviceProfileId}", TbRoutes.ANY_USER,
            (request, user) -> TbRoutes.ok(Json.object().numberNode(devices.countWithoutOta(
                request.path("otaPackageType"), TbIds.uuid(request.path("deviceProfileId"))))));
        routes.add(GET, "/api/tenant/device", (request, user) -> byName(devices, request.query("deviceName")));
        routes.add(GET, "/api/relations", (request, user) -> TbRoutes.ok(relations(tb, devices, request)));
    }

    /**
     * {@code GET /api/relations?fromId&fromType=DEVICE}: a gateway's "Created" relations to the devices it connected;
     * with {@code toId}, the relation of a child to its gateway.
     */
    private static ArrayNode relations(TbMock tb, TbDevices devices, ApiRequest request) {
        ArrayNode list = Json.array();
        String fromId = request.query("fromId");
        String toId = request.query("toId");
        String group = request.query("relationTypeGroup");
        if (group != null && !group.equals("COMMON")) {
            return list;
        }
        if (fromId != null) {
            Device gateway = devices.require(fromId);
            try {
                tb.children(gateway.name()).forEach(child -> list.add(relation(gateway, child)));
            } catch (ConflictException notAGateway) {
                // a device that is not a gateway has no children
            }
        } else if (toId != null) {
            Device child = devices.require(toId);
            if (child.lastConnectedGateway() != null) {
                devices.byName(child.lastConnectedGateway()).ifPresent(gateway -> list.add(relation(gateway, child)));
            }
        } else {
            throw TbError.badRequest("Parameter 'fromId' or 'toId' should be specified!");
        }
        return list;
    }

    private static ObjectNode relation(Device gateway, Device child) {
        ObjectNode json = Json.object();
        json.set("from", TbIds.entityId("DEVICE", gateway.id()));
        json.set("to", TbIds.entityId("DEVICE", child.id()));
        return json.put("type", "Created").put("typeGroup", "COMMON").putNull("additionalInfo").put("version", 1);
    }

    /**
     * {@code GET /api/devices?deviceIds=a,b}: the devices of those ids that exist (and, for a customer user, are
     * its customer's), in no promised order.
     */
    private static ArrayNode byIds(TbDevices devices, ApiRequest request, TbUser user) {
        String ids = request.query("deviceIds");
        if (ids == null) {
            throw TbError.badRequest("Required request parameter 'deviceIds' for method parameter type String[] is not present");
        }
        if (ids.isBlank()) {
            throw TbError.badRequest("Parameter 'deviceIds' can't be empty!");
        }
        ArrayNode list = Json.array();
        for (String uuid : TbIds.uuids(ids)) {
            try {
                Device device = devices.require(uuid);
                if (user.authority() == TbUser.Authority.TENANT_ADMIN
                    || devices.customerOf(device).equals(user.customerId())) {
                    list.add(devices.view(device));
                }
            } catch (TbError missing) {
                // ThingsBoard leaves out the ids it does not find
            }
        }
        return list;
    }

    /**
     * {@code GET /api/device/types}: each device type (profile name) devices have, once, in order, as ThingsBoard's
     * EntitySubtype; a customer user sees its customer's devices' types.
     */
    private static ArrayNode types(TbMock tb, TbDevices devices, TbUser user) {
        Set<String> types = new TreeSet<>();
        tb.devices().stream().filter(device -> user.authority() == TbUser.Authority.TENANT_ADMIN
            || devices.customerOf(device).equals(user.customerId())).forEach(device -> types.add(device.type()));
        ArrayNode list = Json.array();
        types.forEach(type -> {
            ObjectNode subtype = list.addObject();
            subtype.set("tenantId", devices.tenantEntityId());
            subtype.put("entityType", "DEVICE").put("type", type);
        });
        return list;
    }

    private static CompletableFuture<ApiResponse> byName(TbDevices devices, String name) {
        Device device = name == null ? null : devices.byName(name).orElse(null);
        if (device == null) {
            throw TbError.notFound("Requested item wasn't found!");
        }
        return TbRoutes.ok(devices.view(device));
    }
}
