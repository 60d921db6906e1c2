package io.tbmock.admin.internal.tbrest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tbmock.admin.internal.ApiRequest;
import io.tbmock.admin.internal.Json;
import io.tbmock.server.TbMock;
import io.tbmock.server.model.AttributeScope;
import io.tbmock.server.model.Device;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

/** Device profiles (docs/thingsboard-rest.md §6). */
final class ProfileRoutes {
    private ProfileRoutes() {
    }

    /**
     * The distinct keys the devices of the profile {@code deviceProfileId} names have (of every profile when none),
     * sorted, as ThingsBoard's getDeviceProfileTimeseriesKeys and getAttributesKeys answer.
     */
    private static ArrayNode keys(TbMock tb, DeviceProfiles profiles, ApiRequest request,
                                  Function<Device, Set<String>> keysOf) {
        String profileId = request.query("deviceProfileId");
        String profile = profileId == null || profileId.isEmpty() ? null
            : profiles.get(TbIds.uuid(profileId)).get("name").asText();
        Set<String> keys = new TreeSet<>();
        tb.devices().stream().filter(device -> profile == null || device.type().equals(profile))
            .forEach(device -> keys.addAll(keysOf.apply(device)));
        ArrayNode list = Json.array();
        keys.forEach(list::add);
        return list;
    }

    static void register(TbRoutes routes, TbMock tb, DeviceProfiles profiles) {
        Predicate<String> inUse = name -> tb.devices().stream().anyMatch(device -> device.type().equals(name));
        routes.add(GET, "/api/deviceProfile/{id}",
            (request, user) -> TbRoutes.ok(profiles.get(TbIds.uuid(request.path("id")))));
        routes.add(GET, "/api/deviceProfileInfo/default",
            (request, user) -> TbRoutes.ok(DeviceProfiles.info(profiles.getDefault())));
        routes.add(GET, "/api/deviceProfileInfo/{id}",
            (request, user) -> TbRoutes.ok(DeviceProfiles.info(profiles.get(TbIds.uuid(request.path("id"))))));
        routes.add(POST, "/api/deviceProfile",
            (request, user) -> TbRoutes.ok(profiles.save(TbRoutes.object(request), inUse)));
        routes.add(DELETE, "/api/deviceProfile/{id}", (request, user) -> {
            profiles.delete(TbIds.uuid(request.path("id")), inUse);
            return TbRoutes.empty();
        });
        routes.add(POST, "/api/deviceProfile/{id}/default",
            (request, user) -> TbRoutes.ok(profiles.makeDefault(TbIds.uuid(request.path("id")))));
        routes.add(GET, "/api/deviceProfiles",
            (request, user) -> TbRoutes.ok(TbPages.page(profiles.all(), request, "name")));
        routes.add(GET, "/api/deviceProfile/devices/keys/timeseries", (request, user) -> TbRoutes.ok(keys(tb, profiles,
            request, device -> tb.telemetry(device.name()).keySet())));
        routes.add(GET, "/api/deviceProfile/devices/keys/attributes", (request, user) -> TbRoutes.ok(keys(tb, profiles,
            request, device -> {
                Set<String> keys = new TreeSet<>();
                for (AttributeScope scope : AttributeScope.values()) {
                    tb.attributes(device.name(), scope).forEach(kv -> keys.add(kv.key()));
                }
                return keys;
            })));
        routes.add(GET, "/api/deviceProfileInfos", (request, user) -> {
            String ids = request.query("deviceProfileIds");
            if (ids != null) { // the list form: the infos of those ids that exist
                ArrayNode list = Json.array();
                for (String uuid : TbIds.uuids(ids)) {
                    try {
                        list.add(DeviceProfiles.info(profiles.get(uuid)));
                    } catch (TbError missing) {
                        if (missing.status().code() != 404) {
                            throw missing;
                        }
                    }
                }
                return TbRoutes.ok(list);
            }
            String transport = request.query("transportType");
            List<ObjectNode> infos = profiles.all().stream()
                .filter(p -> transport == null || p.path("transportType").asText().equals(transport))
                .map(DeviceProfiles::info).collect(Collectors.toList());
            return TbRoutes.ok(TbPages.page(infos, request, "name"));
        });
    }
}
